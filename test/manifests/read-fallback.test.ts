/**
 * A file the block reader gives up on after it has handed over some items is read again, whole, by `yaml`:
 * what the first reading found is dropped, so every problem is reported once, and aliases read as the node
 * they point to.
 */
import { join } from 'node:path';
import { readManifests } from '../../src/manifests/index.js';
import { folderWith } from './helpers.js';

const PRODUCTS = [
  'products:',
  '  - id: prod_a',
  '    name: 1',
  '  - id: prod_b',
  '    name: &shared Basic',
  '  - id: prod_c',
  '    name: *shared',
  '    metadata:',
  '      tier: basic',
  '',
].join('\n');

test('problems found before the block reader gave up are reported once', async () => {
  const dir = folderWith({ 'products.yaml': PRODUCTS });
  const result = await readManifests(dir);
  expect(result.problems.map((p) => [p.code, p.location])).toEqual([['schema_type', { file: join(dir, 'products.yaml'), line: 3, column: 11 }]]);
  expect(result.catalog.products.map((p) => [p.id, p.name])).toEqual([
    ['prod_b', 'Basic'],
    ['prod_c', 'Basic'],
  ]);
  expect(result.locate('product/prod_c', 'metadata.tier')).toEqual({ file: join(dir, 'products.yaml'), line: 9, column: 7 });
});

test('an object is located after the folder is read, in a file the block reader read', async () => {
  const dir = folderWith({ 'products.yaml': 'products:\n  - id: prod_a\n    name: A\n  - id: prod_b\n    name: B\n    metadata:\n      tier: pro\n' });
  const result = await readManifests(dir);
  expect(result.problems).toEqual([]);
  expect(result.locate('product/prod_b')).toEqual({ file: join(dir, 'products.yaml'), line: 4, column: 5 });
  expect(result.locate('product/prod_b', 'metadata.tier')).toEqual({ file: join(dir, 'products.yaml'), line: 7, column: 7 });
  expect(result.locate('product/prod_a', 'metadata.tier')).toEqual({ file: join(dir, 'products.yaml'), line: 2, column: 5 });
});
