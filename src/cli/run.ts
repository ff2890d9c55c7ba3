/**
 * Parses argv, runs one command and returns its exit code. It never calls `process.exit`
 * (only `main.ts` does), so tests can run the CLI in-process.
 */
import yargs, { type Argv } from 'yargs';
import type { CommandContext, GlobalArgs } from './command.js';
import { commands } from './commands/index.js';
import { statusToExitCode, type Status } from './status.js';
import { createUi, type UiOptions } from './ui.js';
import { MigrateError, UsageError } from '../util/errors.js';
import { redact } from '../util/redact.js';

export interface RunOptions extends UiOptions {
  cwd?: string;
  stdinIsTTY?: boolean;
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? process.stderr;
  let status: Status | undefined;
  let usageProblem: string | undefined;

  const parser: Argv<GlobalArgs> = yargs(argv)
    .scriptName('migrate')
    .usage('$0 <command> [options]\n\nCopy a Stripe catalog from a sandbox to live with the same IDs, and keep it in git.')
    .option('json', { type: 'boolean', default: false, describe: 'print exactly one JSON object on stdout' })
    .option('debug', { type: 'boolean', default: false, describe: 'show stack traces of unexpected errors' })
    .strict()
    .demandCommand(1, 'Name a command; `migrate --help` lists them.')
    .recommendCommands()
    .epilogue('Keys come from STRIPE_SANDBOX_KEY and STRIPE_LIVE_KEY only; STRIPE_API_BASE points both at another host.')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      // Throwing stops yargs before it runs a command with arguments it refused.
      // yargs' suggestion alone ("Did you mean apply?") does not say what was typed.
      usageProblem = message.startsWith('Did you mean') ? `Unknown command: ${argv[0]}. ${message}` : message;
      throw new UsageError('usage', usageProblem);
    });

  skipHelpCache(parser);

  // Only the command named on the line is loaded; the others are registered by name for `--help` and suggestions.
  const named = commands.find((entry) => entry.command.split(' ')[0] === argv.find((arg) => !arg.startsWith('-')));
  const spec = named === undefined ? undefined : await named.load();
  for (const entry of commands) {
    parser.command(
      entry.command,
      entry.describe,
      (y) => {
        if (entry !== named || spec === undefined) return y;
        const built = spec.builder(y);
        for (const [example, text] of spec.examples) built.example(example, text);
        return built;
      },
      async (args) => {
        const ui = await createUi({ ...options, json: Boolean(args.json) });
        const ctx: CommandContext = {
          ui,
          env,
          cwd: options.cwd ?? process.cwd(),
          stdinIsTTY: options.stdinIsTTY ?? Boolean(process.stdin.isTTY),
          streams: { stdout: options.stdout ?? process.stdout, stderr },
        };
        try {
          status = await (spec ?? (await entry.load())).run(args, ctx);
        } catch (error) {
          status = 'error';
          reportError(error, ctx, Boolean(args.debug));
        }
      },
    );
  }

  // With a callback yargs hands us --help/--version text instead of printing it, so it goes to our stdout.
  let printed = '';
  try {
    await parser.parseAsync(argv, {}, (_error, _args, output) => {
      printed = output;
    });
  } catch (error) {
    if (usageProblem === undefined) {
      stderr.write(redact(`error: ${error instanceof Error ? error.message : String(error)}\n`));
      return statusToExitCode('error');
    }
  }
  if (printed && usageProblem === undefined) (options.stdout ?? process.stdout).write(`${printed}\n`);
  if (usageProblem !== undefined) {
    stderr.write(redact(`error: ${usageProblem}\nRun \`migrate --help\` for the commands and their options.\n`));
    return statusToExitCode('error');
  }
  // --help and --version print and end without running a command.
  return status === undefined ? 0 : statusToExitCode(status);
}

/**
 * Before it runs a command, yargs renders that command's whole --help text and keeps it (`cacheHelpMessage` in its
 * command.js) for `showHelp()`/`getHelp()` after the parse, which this runner never calls (failures go through
 * `.fail` above): about 40 ms of CPU on every run, most of it string-width's first use. Its usage object is
 * reached through yargs' internal methods; if a later yargs has none, nothing is changed and it renders as before.
 */
function skipHelpCache(parser: Argv<GlobalArgs>): void {
  type Usage = { cacheHelpMessage?: () => void };
  const internal = parser as unknown as { getInternalMethods?: () => { getUsageInstance?: () => Usage | undefined } };
  const usage = internal.getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

function reportError(error: unknown, ctx: CommandContext, debug: boolean): void {
  const { ui } = ctx;
  if (error instanceof MigrateError) {
    if (ui.json) ui.emitJson({ ok: false, error: { code: error.code, message: error.message, hint: error.hint, requestId: error.options.requestId } });
    ui.error(`${error.message}${error.options.requestId ? ` (Stripe request ${error.options.requestId})` : ''}`);
    if (error.hint) ui.info(`hint: ${error.hint}`);
    if (debug && error.stack) ui.info(error.stack);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (ui.json) ui.emitJson({ ok: false, error: { code: 'internal', message } });
  ui.error(`unexpected failure: ${message}`);
  if (debug && error instanceof Error && error.stack) ui.info(error.stack);
  else ui.info('This is a bug in migrate. Run again with --debug for the stack trace and report it.');
}
