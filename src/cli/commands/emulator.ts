/** `migrate emulator`: runs the Stripe emulator in the foreground until SIGINT or SIGTERM. */
import { defineCommand } from '../command.js';
import { startEmulator } from '../../emulator/index.js';
import { parseFaultSpec } from '../../emulator/fault-spec.js';
import { parseSwitches } from '../../emulator/switch-spec.js';
import { OTHER_ANSWERS } from '../../emulator/switches.js';

export const emulatorCommand = defineCommand({
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 12111, describe: 'port to listen on (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind (loopback by default)' })
      .option('state', { type: 'string', describe: 'JSON file to load at start and save after each write' })
      .option('latency-ms', { type: 'number', default: 0, describe: 'delay added to every request' })
      .option('latency-jitter-ms', { type: 'number', default: 0, describe: 'random extra delay, up to this much' })
      .option('rate-limit', { type: 'boolean', default: false, describe: "Stripe's limits: live 100/s, test 25/s per account, and 25/s per endpoint" })
      .option('endpoint-limits', {
        type: 'boolean',
        default: true,
        describe: 'with --rate-limit, each endpoint (e.g. POST /v1/prices) has its own 25/s; --no-endpoint-limits: account limits only, reads and writes apart (the older documented model)',
      })
      .option('faults', { type: 'string', describe: 'fault probabilities, e.g. reset-after-commit=0.1,error-500=0.05,rate-limit=0.1' })
      .option('fault-seed', { type: 'number', default: 1, describe: 'seed of the fault generator, so runs repeat' })
      .option('switch', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'answer a question Stripe does not document the other way, NAME=VALUE (repeatable; names and defaults in src/emulator/switches.ts)',
      })
      .option('other-answers', { type: 'boolean', default: false, describe: 'every such question at its other answer (then --switch on top)' }),
  examples: [
    ['$0 emulator', 'listen on http://127.0.0.1:12111; point the tool at it with STRIPE_API_BASE'],
    ['$0 emulator --state .emulator-state.json --faults error-500=0.05 --fault-seed 7', 'keep data across restarts, inject 5xx'],
    ['$0 emulator --switch productIdMayStartWithProd=false', 'rehearse where Stripe refuses custom product ids starting prod_'],
    ['$0 emulator --other-answers', 'rehearse against the other answer to every undocumented behaviour at once'],
  ],
  async run(args, { ui }) {
    const faults = args.faults === undefined ? {} : parseFaultSpec(args.faults);
    const switches = parseSwitches(args.switch.map(String), args['other-answers'] ? OTHER_ANSWERS : {});
    const emulator = await startEmulator({
      port: args.port,
      host: args.host,
      statePath: args.state,
      latencyMs: args['latency-ms'],
      latencyJitterMs: args['latency-jitter-ms'],
      rateLimit: args['rate-limit'],
      endpointRateLimits: args['endpoint-limits'],
      faults,
      faultSeed: args['fault-seed'],
      switches,
    });
    ui.out(`Stripe emulator listening on ${emulator.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await emulator.close();
    return 'ok';
  },
});
