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

/** One subcommand: its yargs definition, examples for `--help`, and what it does. */
export interface CommandSpec<A = Record<string, unknown>> {
  command: string;
  describe: string;
  builder: (yargs: Argv<GlobalArgs>) => Argv<GlobalArgs & A>;
  examples: [string, string][];
  run: (args: GlobalArgs & A, ctx: CommandContext) => Promise<Status>;
}

export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
