import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's demo manifests folder. */
export const REPO_MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url));
export const REPO_SCHEMAS = fileURLToPath(new URL('../../schemas', import.meta.url));

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'manifests-test-'));
}

/** A fresh folder holding the given files. */
export function folderWith(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A copy of the demo manifests folder. */
export function demoCopy(): string {
  const dir = tempDir();
  cpSync(REPO_MANIFESTS, dir, { recursive: true });
  return dir;
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export function write(dir: string, file: string, text: string): void {
  writeFileSync(join(dir, file), text);
}
