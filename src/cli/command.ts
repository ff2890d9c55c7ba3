import type { Argv } from 'yargs';
import type { Status } from './status.js';
import type { Ui } from './ui.js';

/** What every command gets besides its own arguments. */
export interface CommandContext {
  ui: Ui;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Is stdin a terminal a person can answer prompts on. */
  stdinIsTTY: boolean;
  /** The streams the Ui writes to, for a command that runs other commands (`demo`). */
  streams: { stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream & { isTTY?: boolean } };
}

export interface GlobalArgs {
  json: boolean;
  debug: boolean;
}

/** One subcommand as `--help` lists it; `load` brings in its definition, only for the command that runs. */
export interface CommandEntry {
  /** yargs command string: the name, then positionals (`apply [file]`). */
  command: string;
  describe: string;
  /** Each command has its own argument type; the runner hands it the arguments its own builder declared. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load: () => Promise<CommandSpec<any>>;
}

/** One subcommand's definition: its options, examples for `--help`, and what it does. */
export interface CommandSpec<A = Record<string, unknown>> {
  builder: (yargs: Argv<GlobalArgs>) => Argv<GlobalArgs & A>;
  examples: [string, string][];
  run: (args: GlobalArgs & A, ctx: CommandContext) => Promise<Status>;
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
