/**
 * Writes `schemas/*.schema.json` from the manifest field tables (`src/manifests/fields.ts`), the same tables
 * the reader checks with. Run after changing a table: `npm run build && node dist/scripts/build-schemas.js`.
 * `test/manifests/schema.test.ts` fails while the committed schemas are out of date.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILES, schemasDir } from '../src/manifests/files.js';
import { schemaText } from '../src/manifests/schema.js';

const dir = schemasDir();
await mkdir(dir, { recursive: true });
for (const file of MANIFEST_FILES) {
  await writeFile(join(dir, file.schema), schemaText(file), 'utf8');
  process.stderr.write(`wrote ${join(dir, file.schema)}\n`);
}
