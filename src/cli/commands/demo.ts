import { defineCommand } from '../command.js';

export const demoCommand = defineCommand({
  command: 'demo',
  describe: 'Run the whole migration on a built-in Stripe emulator: no keys, no network',
  builder: (y) => y,
  examples: [['$0 demo', 'seed a sandbox from manifests/, plan, apply to an empty live account, re-plan']],
  async run(_args, { ui }) {
    ui.out(
      [
        'migrate demo will:',
        '  1. start a Stripe emulator in this process (no keys, no network);',
        '  2. seed a sandbox account from manifests/;',
        '  3. print the plan against an empty live account;',
        '  4. apply it and show that a fresh plan has nothing left to do.',
        '',
        'The apply step is not built yet; see the README for the commands that work today.',
      ].join('\n'),
    );
    return 'ok';
  },
});
