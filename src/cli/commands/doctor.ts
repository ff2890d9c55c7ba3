/**
 * `migrate doctor`: the go-live report. Pass / warn / fail per check with a fix for each; exit 0 when every check
 * passes, 2 when something needs acting on, 1 when doctor itself could not run.
 */
import { defineCommand } from '../command.js';
import { CHECKS, createDoctorContext, doctorToJson, renderDoctorText, runDoctor } from '../../doctor/index.js';

export const doctorCommand = defineCommand({
  builder: (y) =>
    y
      .option('from', { choices: ['sandbox', 'manifests'] as const, default: 'sandbox' as const, describe: 'what the live catalog should match' })
      .option('manifests', { type: 'string', default: 'manifests', describe: 'manifests folder (with --from manifests)' })
      .option('plan', { type: 'string', default: 'plan.yaml', describe: 'the plan file whose journal shows whether the last apply finished' })
      .option('repo', { type: 'string', default: '.', describe: 'the git repository to scan for key-shaped strings' }),
  examples: [
    ['$0 doctor', 'sandbox vs live, webhook endpoints, keys, the last apply of plan.yaml; exit 2 if anything needs doing'],
    ['$0 doctor --from manifests --json', 'live vs manifests/, one JSON object'],
  ],
  async run(args, ctx) {
    const doctor = createDoctorContext(ctx, { from: args.from, manifests: args.manifests, plan: args.plan, repo: args.repo });
    const report = await runDoctor(CHECKS, doctor);
    if (ctx.ui.json) ctx.ui.emitJson(doctorToJson(report));
    else ctx.ui.out(renderDoctorText(report));
    return report.counts.fail + report.counts.warn === 0 ? 'ok' : 'changes';
  },
});
