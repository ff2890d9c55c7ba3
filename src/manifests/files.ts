/**
 * Where things live: one YAML file per type in a manifests folder, and the JSON Schemas shipped in the
 * package's `schemas/` folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResourceType } from '../catalog/types.js';

export interface ManifestFile {
  type: ResourceType;
  /** File name inside the folder. */
  file: string;
  /** The top-level key holding the list (the `Catalog` member is `CATALOG_LISTS[type]`). */
  key: string;
  /** Schema file name inside `schemas/`. */
  schema: string;
  /**
   * Types added after the first release: the writer leaves the file out while the type has no objects and the
   * folder has no such file, so re-exporting an older folder adds no empty files.
   */
  optional?: boolean;
}

/** In the order the files are read and written. A missing file holds no objects of its type. */
export const MANIFEST_FILES: readonly ManifestFile[] = [
  { type: 'product', file: 'products.yaml', key: 'products', schema: 'products.schema.json' },
  { type: 'price', file: 'prices.yaml', key: 'prices', schema: 'prices.schema.json' },
  { type: 'coupon', file: 'coupons.yaml', key: 'coupons', schema: 'coupons.schema.json' },
  { type: 'meter', file: 'meters.yaml', key: 'meters', schema: 'meters.schema.json', optional: true },
  { type: 'promotion_code', file: 'promotion_codes.yaml', key: 'promotion_codes', schema: 'promotion_codes.schema.json', optional: true },
  { type: 'tax_rate', file: 'tax_rates.yaml', key: 'tax_rates', schema: 'tax_rates.schema.json', optional: true },
  { type: 'shipping_rate', file: 'shipping_rates.yaml', key: 'shipping_rates', schema: 'shipping_rates.schema.json', optional: true },
  { type: 'feature', file: 'features.yaml', key: 'features', schema: 'features.schema.json', optional: true },
];

export const SCHEMA_COMMENT_PREFIX = ' yaml-language-server: $schema=';

const PACKAGE_NAME = 'stripe-catalog-migrate';

/** The package's root folder, found from this module's location (works from `src/` and from `dist/`). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function schemasDir(): string {
  return join(packageRoot(), 'schemas');
}

/**
 * The `$schema` reference for one manifest file: `base/<schema file>`, where `base` is `schemaPath` when given
 * (a path or URL) and otherwise the relative path from the manifests folder to the package's `schemas/`.
 * Always written with `/`, so a folder written on Windows reads the same elsewhere.
 */
export function schemaReference(dir: string, file: ManifestFile, schemaPath?: string): string {
  const base = schemaPath ?? (relative(resolve(dir), schemasDir()).split(sep).join('/') || '.');
  return `${base.replace(/\/+$/, '')}/${file.schema}`;
}
