/**
 * Every file the tool writes goes through here: atomically (temp file + rename, so a crash never leaves half a
 * plan or journal) and never with a key-shaped string inside.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MigrateError } from './errors.js';
import { containsKeyShaped } from './redact.js';

export function assertNoSecrets(path: string, content: string): void {
  if (containsKeyShaped(content)) {
    throw new MigrateError('secret_in_output', `Refusing to write ${path}: it would contain something that looks like a Stripe key.`, {
      hint: 'Remove the key from the object, manifest or metadata it came from; keys must never be stored in files.',
    });
  }
}

export async function writeFileSafely(path: string, content: string): Promise<void> {
  assertNoSecrets(path, content);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
  await rename(temp, path);
}
