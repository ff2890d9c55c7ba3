/** Runs the CLI in-process (fast) or as a child process (for signals), capturing what a user would see. */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream, text: () => text };
}

export async function runMigrate(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdinIsTTY?: boolean; stderrIsTTY?: boolean } = {},
): Promise<CliResult> {
  const out = sink();
  const err = sink();
  // A person at a terminal (with CI set in env, spinners stay off while TTY-only output still shows).
  if (options.stderrIsTTY) Object.assign(err.stream, { isTTY: true });
  const code = await runCli(args, {
    stdout: out.stream,
    stderr: err.stream,
    env: options.env ?? {},
    cwd: options.cwd,
    stdinIsTTY: options.stdinIsTTY ?? false,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The built CLI (npm test builds it before jest runs). */
export const BUILT_CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export function spawnMigrate(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += String(c)));
  child.stderr.on('data', (c) => (stderr += String(c)));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}
