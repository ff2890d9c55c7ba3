import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { openSource, openTarget, readWithProgress } from '../endpoints.js';
import { computeDrift, driftToJson, renderDriftGithub, renderDriftText } from '../../drift/index.js';
import { readManifests } from '../../manifests/read.js';
import { STRIPE_API_VERSION, TOOL_NAME, TOOL_VERSION } from '../../stripe/client.js';
import { MigrateError } from '../../util/errors.js';
import { formatValidationLine, relativeLocation } from '../../validate/format.js';
import { refineProblem } from '../../validate/refine.js';

export const driftCommand = defineCommand({
  builder: (y) =>
    y
      .option('manifests', { type: 'string', default: 'manifests', describe: 'manifests folder' })
      .option('against', { choices: ['live', 'sandbox'] as const, default: 'live' as const, describe: 'the account to compare with' })
      .option('format', { choices: ['text', 'github'] as const, default: 'text' as const, describe: 'github: GitHub Actions annotations on the manifest lines' }),
  examples: [
    ['$0 drift', 'manifests/ vs live (STRIPE_LIVE_KEY); exit 2 when they differ'],
    ['$0 drift --against sandbox --json', 'manifests/ vs the sandbox (STRIPE_SANDBOX_KEY), one JSON object'],
    ['$0 drift --format github', 'annotate the manifest lines in a GitHub Actions run'],
  ],
  async run(args, ctx) {
    const read = await readManifests(resolve(ctx.cwd, args.manifests));
    const errors = read.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      for (const problem of errors) ctx.ui.info(formatValidationLine(refineProblem(problem), ctx.cwd));
      throw new MigrateError('manifests_invalid', `${errors.length} problem(s) in ${args.manifests}; drift needs valid manifests.`, {
        hint: `Fix them (\`migrate validate --manifests ${args.manifests}\` lists them) and run again.`,
      });
    }
    const opened = args.against === 'sandbox' ? await openSource(ctx) : await openTarget(ctx);
    const label = `${args.against} ${opened.account.id}`;
    const account = await readWithProgress(ctx, opened.gateway, label);

    const report = computeDrift({
      // Locations relative to the working folder, so fixes and annotations name files as the user does.
      manifests: { catalog: read.catalog, locate: (address, field) => relativeTo(read.locate(address, field), ctx.cwd) },
      dir: args.manifests,
      account,
      accountRef: { id: opened.account.id, mode: opened.account.mode },
      against: args.against,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      stripeApiVersion: STRIPE_API_VERSION,
    });
    if (ctx.ui.json) ctx.ui.emitJson(driftToJson(report, ctx.cwd));
    else ctx.ui.out(args.format === 'github' ? renderDriftGithub(report, ctx.cwd) : renderDriftText(report, ctx.cwd));
    return report.inSync ? 'ok' : 'drift';
  },
});

function relativeTo<L extends { file: string }>(location: L | undefined, cwd: string): L | undefined {
  return location === undefined ? undefined : ({ ...location, ...relativeLocation(location, cwd) } as L);
}
