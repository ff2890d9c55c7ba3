/**
 * Key-shaped strings in files tracked by git: each tracked text file is scanned line by line with the redaction
 * layer's pattern, and only `file:line` is reported, never the match. Outside a git repository the check cannot
 * tell what would be published, so it is a `warn`.
 *
 * Stripe's real keys and signing secrets carry dozens of characters after the prefix; the short names the emulator
 * accepts (`sk_test_acme`) are everywhere in tests and docs of projects that rehearse against it and are no secret.
 * So a line fails only when a match is real-looking (20 or more characters after the prefix, as the project's own
 * secret rule defines it); short ones are counted in the detail.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { containsKeyShaped } from '../../util/redact.js';
import type { CheckResult, DoctorCheck } from '../types.js';

const run = promisify(execFile);
/** Larger files are data or build output, not where someone pastes a key; reading them would only slow the check. */
const MAX_BYTES = 2 * 1024 * 1024;
const BATCH = 16;
const SHOWN = 50;
/** The redaction pattern (`util/redact.ts`) with the real-looking length. */
const REAL_LOOKING = /\b(?:(?:sk|rk|pk)_(?:test|live)|whsec)_[0-9A-Za-z]{20,}/;

interface Scan {
  /** Lines with a real-looking key. */
  real: number[];
  /** Lines with key-shaped strings that are all short (emulator keys). */
  short: number;
}

type Listing = { ok: true; top: string; files: string[] } | { ok: false; result: CheckResult };

async function trackedFiles(dir: string): Promise<Listing> {
  try {
    const top = (await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'])).stdout.trim();
    const listed = await run('git', ['-C', top, 'ls-files', '-z'], { maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, top, files: listed.stdout.split('\0').filter((f) => f !== '') };
  } catch (error) {
    const missingGit = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ok: false,
      result: missingGit
        ? { status: 'warn', detail: 'git is not installed, so tracked files cannot be scanned', fix: 'Install git, or scan the repository for keys yourself before publishing it.' }
        : { status: 'warn', detail: `${dir} is not a git repository`, fix: 'Run `migrate doctor` inside your repository, or pass --repo DIR.' },
    };
  }
}

/** 1-based numbers of the lines holding a key-shaped string; none for binary, large or vanished files. */
async function scanFile(path: string): Promise<Scan> {
  const scan: Scan = { real: [], short: 0 };
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_BYTES) return scan;
    const bytes = await readFile(path);
    if (bytes.includes(0)) return scan;
    bytes.toString('utf8').split('\n').forEach((line, i) => {
      if (!containsKeyShaped(line)) return;
      if (REAL_LOOKING.test(line)) scan.real.push(i + 1);
      else scan.short += 1;
    });
  } catch {
    // Tracked but deleted in the working tree, or unreadable: nothing on disk to leak from here.
  }
  return scan;
}

export const secretsInGitCheck: DoctorCheck = {
  id: 'secrets-in-git',
  title: 'No key-shaped strings in tracked files',
  async run(ctx): Promise<CheckResult> {
    const listing = await trackedFiles(resolve(ctx.cwd, ctx.options.repo));
    if (!listing.ok) return listing.result;
    const hits: string[] = [];
    let short = 0;
    for (let i = 0; i < listing.files.length; i += BATCH) {
      const batch = listing.files.slice(i, i + BATCH);
      const found = await Promise.all(batch.map((file) => scanFile(join(listing.top, file))));
      batch.forEach((file, j) => {
        hits.push(...found[j]!.real.map((line) => `${file}:${line}`));
        short += found[j]!.short;
      });
    }
    const shortNote = short > 0 ? ` (${short} line(s) with short emulator-style keys such as sk_test_<name> ignored)` : '';
    if (hits.length === 0) {
      return { status: 'pass', detail: `${listing.files.length} tracked file(s) scanned, none holds a real-looking key${shortNote}` };
    }
    const items = hits.slice(0, SHOWN);
    if (hits.length > SHOWN) items.push(`… and ${hits.length - SHOWN} more`);
    return {
      status: 'fail',
      detail: `${hits.length} line(s) in tracked files hold a real-looking key (sk_/rk_/pk_ test or live, whsec_)${shortNote}`,
      items,
      fix: 'Remove them and load keys from the environment; a real key that was ever committed is in the history: roll it in the Dashboard (Developers → API keys).',
    };
  },
};
