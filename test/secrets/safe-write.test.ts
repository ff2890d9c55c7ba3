/**
 * The last line of defence: a file whose content holds a key-shaped string is never written, whichever writer
 * asks; and every module in `src/` that writes files goes through the shared check.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { JournalState, JournalWriter } from '../../src/apply/journal.js';
import { AuditLog } from '../../src/apply/outputs.js';
import { writeManifests } from '../../src/manifests/write.js';
import { MigrateError } from '../../src/util/errors.js';
import { writeFileSafely } from '../../src/util/safe-write.js';
import { baseProduct } from '../support/generate-catalog.js';

const keyLike = (prefix: string) => `${prefix}_` + 'Qw3Er5Ty7Ui9Op1As2Df4Gh6'.repeat(1);

test.each(['sk_live', 'sk_test', 'rk_live', 'pk_test', 'whsec'])('writeFileSafely refuses content holding a %s key and leaves no file behind', async (prefix) => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-safe-write-'));
  const attempt = writeFileSafely(join(dir, 'out.yaml'), `note: "${keyLike(prefix)}"\n`);
  await expect(attempt).rejects.toMatchObject({ code: 'secret_in_output' });
  await expect(attempt).rejects.toBeInstanceOf(MigrateError);
  await expect(attempt).rejects.toThrow(/looks like a Stripe key/);
  await expect(attempt).rejects.not.toThrow(keyLike(prefix));
  expect(await readdir(dir)).toEqual([]);
});

test('writeFileSafely writes masked keys and ordinary text', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-safe-write-'));
  await writeFileSafely(join(dir, 'ok.txt'), 'key: sk_live_**** (masked), see sk_test_… in the docs\n');
  expect(await readFile(join(dir, 'ok.txt'), 'utf8')).toContain('sk_live_****');
});

test('the journal, the audit log and the manifests writer refuse a key-shaped string', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'migrate-safe-write-'));
  const journal = await JournalWriter.open(join(dir, 'plan.yaml.journal.jsonl'), new JournalState());
  const entry = { event: 'failed' as const, time: 't', plan: 'h', address: 'product/p', request: 0, idempotencyKey: 'k', generation: 0, error: { code: 'x', message: keyLike('sk_live') } };
  await expect(journal.append(entry)).rejects.toMatchObject({ code: 'secret_in_output' });
  await journal.close();
  expect(await readFile(join(dir, 'plan.yaml.journal.jsonl'), 'utf8')).toBe('');

  const audit = new AuditLog(join(dir, 'plan.yaml.audit.jsonl'));
  expect(() =>
    audit.append({ time: 't', address: 'product/p', action: 'create', request: 'POST /v1/products', liveId: null, requestId: null, idempotencyKey: 'k', outcome: 'failed', error: keyLike('rk_live') }),
  ).toThrow(/looks like a Stripe key/);

  const product = { ...baseProduct('prod_x', 'X'), metadata: { leaked: keyLike('whsec') } };
  await expect(writeManifests(join(dir, 'manifests'), { products: [product], prices: [], coupons: [] })).rejects.toMatchObject({ code: 'secret_in_output' });
  await expect(readdir(join(dir, 'manifests'))).rejects.toMatchObject({ code: 'ENOENT' });
});

/** Writers that need not go through the check, and why. */
const EXEMPT: Record<string, string> = {
  'src/emulator/store/state.ts': "the emulator's own data file: catalog objects by account id, never an API key",
  'src/util/safe-write.ts': 'the shared writer itself',
};

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

test('every module in src/ that writes a file uses writeFileSafely or assertNoSecrets', async () => {
  const root = process.cwd();
  const unchecked: string[] = [];
  for (const file of await sourceFiles(join(root, 'src'))) {
    const name = relative(root, file);
    const text = await readFile(file, 'utf8');
    const writes = /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream)\s*\(|\bopen\([^)]*['"](a\+?|w\+?|wx|ax)['"]/.test(text);
    if (writes && !/\b(writeFileSafely|assertNoSecrets)\b/.test(text) && !(name in EXEMPT)) unchecked.push(name);
  }
  expect(unchecked).toEqual([]);
});
