/**
 * `migrate demo`: the README's main command. It runs the real `plan` and `apply` commands, exactly as a user
 * would, against an emulator started in this process: a sandbox seeded from the package's `manifests/` and an
 * empty live account. No keys, no network, a few seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { defineCommand, type CommandContext } from '../command.js';
import { startEmulator, withProductFeatures } from '../../emulator/index.js';
import { packageRoot } from '../../manifests/files.js';
import { readManifests } from '../../manifests/index.js';
import { describeCounts } from '../../catalog/canonical.js';
import { MigrateError } from '../../util/errors.js';

const SANDBOX_KEY = 'sk_test_demo';
const LIVE_KEY = 'sk_live_demo';

export const demoCommand = defineCommand({
  builder: (y) => y.option('keep', { type: 'boolean', default: false, describe: 'keep the working folder (plan, journal, id map, audit log)' }),
  examples: [['$0 demo', 'seed a sandbox from manifests/, plan against an empty live account, apply, re-plan']],
  async run(args, ctx) {
    const { catalog, problems } = await readManifests(join(packageRoot(), 'manifests'));
    if (problems.some((p) => p.severity === 'error')) {
      throw new MigrateError('demo_manifests_invalid', 'The demo catalog in manifests/ has errors.', { hint: 'Run `migrate validate` to see them.' });
    }
    const emulator = await startEmulator({ port: 0 });
    const work = await mkdtemp(join(tmpdir(), 'migrate-demo-'));
    try {
      emulator.seed(SANDBOX_KEY, withProductFeatures(catalog));
      const sub: SubRun = { ctx, env: { STRIPE_SANDBOX_KEY: SANDBOX_KEY, STRIPE_LIVE_KEY: LIVE_KEY, STRIPE_API_BASE: emulator.url }, cwd: work };
      const say = (text: string) => (ctx.ui.json ? undefined : ctx.ui.info(`\n== ${text}`));

      say(`Emulator at ${emulator.url}; sandbox acct_demo seeded from manifests/ (${describeCounts(catalog)}); live acct_demo is empty.`);
      say('migrate plan: sandbox vs live');
      const plan = await runStep(sub, ['plan', '--out', 'plan.yaml']);
      say('migrate apply plan.yaml --yes');
      const apply = await runStep(sub, ['apply', 'plan.yaml', '--yes']);
      say('migrate plan again: is anything left to do?');
      const again = await runStep(sub, ['plan', '--out', 'plan-after.yaml', '--detailed-exitcode']);

      const ok = plan.code === 0 && apply.code === 0 && again.code === 0;
      const writes = emulator.requests().filter((r) => r.method !== 'GET');
      const sandboxWrites = writes.filter((r) => r.livemode === false).length;
      if (ctx.ui.json) {
        ctx.ui.emitJson({ ok, plan: plan.json, apply: apply.json, replan: again.json, liveWrites: writes.length - sandboxWrites, sandboxWrites, workDir: args.keep ? work : undefined });
      } else {
        ctx.ui.out(
          ok
            ? `\nDemo complete: live now matches the sandbox with the same ids (${writes.length - sandboxWrites} write requests to live, ${sandboxWrites} to the sandbox).`
            : '\nDemo failed: see the errors above.',
        );
        ctx.ui.info(args.keep ? `Plan, journal, id map and audit log are in ${work}` : `The working folder ${work} is removed now; \`migrate demo --keep\` keeps it to look at the plan, journal, id map and audit log.`);
      }
      return ok ? 'ok' : 'error';
    } finally {
      await emulator.close();
      if (!args.keep) await rm(work, { recursive: true, force: true });
    }
  },
});

interface SubRun {
  ctx: CommandContext;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs one real command; with `--json` its output is captured and its JSON object kept for the demo's own. */
async function runStep(sub: SubRun, argv: string[]): Promise<{ code: number; json?: unknown }> {
  // Imported here: run.ts lists this command, so a static import would be circular.
  const { runCli } = await import('../run.js');
  if (!sub.ctx.ui.json) {
    const code = await runCli(argv, { env: sub.env, cwd: sub.cwd, stdinIsTTY: false, ...sub.ctx.streams });
    return { code };
  }
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk) => (text += String(chunk)));
  const code = await runCli([...argv, '--json'], { env: sub.env, cwd: sub.cwd, stdinIsTTY: false, stdout: out, stderr: new PassThrough() });
  return { code, json: text.trim() ? JSON.parse(text) : undefined };
}
