/**
 * Where output goes, decided once: results on stdout (exactly one JSON object with `--json`), prose and
 * spinners on stderr, spinners only on a TTY, colour only on a TTY without NO_COLOR. Every line passes
 * through the redaction layer.
 */
import type { Ora } from 'ora';
import { redact } from '../util/redact.js';

export interface Progress {
  update(text: string): void;
  done(text?: string): void;
  fail(text?: string): void;
}

export interface Ui {
  readonly json: boolean;
  readonly color: boolean;
  readonly interactive: boolean;
  /** A result for a person (rendered plan, report): stdout, unless `--json`. */
  out(text: string): void;
  /** Prose about what is happening: stderr. */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  /** The one JSON object of a `--json` run. */
  emitJson(value: unknown): void;
  progress(text: string): Progress;
}

export interface UiOptions {
  json?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/** Loads the spinner library only for a terminal: in CI and pipes nothing spins and start-up stays short. */
export async function createUi(options: UiOptions = {}): Promise<Ui> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const json = options.json ?? false;
  const interactive = Boolean(stderr.isTTY) && !env.CI;
  const ora = interactive ? (await import('ora')).default : undefined;
  const color = Boolean(stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const write = (stream: NodeJS.WritableStream, text: string) => stream.write(redact(text) + (text.endsWith('\n') ? '' : '\n'));

  return {
    json,
    color,
    interactive,
    out: (text) => (json ? undefined : write(stdout, text)),
    info: (text) => write(stderr, text),
    warn: (text) => write(stderr, `warning: ${text}`),
    error: (text) => write(stderr, `error: ${text}`),
    emitJson: (value) => write(stdout, JSON.stringify(value, null, 2)),
    progress(text) {
      if (ora === undefined) {
        return { update: () => undefined, done: (t) => t && write(stderr, t), fail: (t) => t && write(stderr, t) };
      }
      const spinner: Ora = ora({ text: redact(text), stream: stderr as NodeJS.WriteStream }).start();
      return {
        update: (t) => (spinner.text = redact(t)),
        done: (t) => spinner.succeed(t === undefined ? undefined : redact(t)),
        fail: (t) => spinner.fail(t === undefined ? undefined : redact(t)),
      };
    },
  };
}
