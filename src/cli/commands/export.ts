import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { openSource, readWithProgress } from '../endpoints.js';
import { writeManifests } from '../../manifests/write.js';
import { countByList, describeCounts } from '../../catalog/canonical.js';

export const exportCommand = defineCommand({
  builder: (y) =>
    y
      .option('out', { type: 'string', default: 'manifests', describe: 'manifests folder to write' })
      .option('source-mode', { choices: ['test', 'live'] as const, default: 'test' as const, describe: 'live: export a live account (explicit only)' }),
  examples: [['$0 export --out manifests', 'sandbox (STRIPE_SANDBOX_KEY) → manifests/products.yaml, prices.yaml, coupons.yaml']],
  async run(args, ctx) {
    const source = await openSource(ctx, args['source-mode']);
    const catalog = await readWithProgress(ctx, source.gateway, `sandbox ${source.account.id}`);
    const dir = resolve(ctx.cwd, args.out);
    const files = await writeManifests(dir, catalog);
    const counts = countByList(catalog);
    if (ctx.ui.json) ctx.ui.emitJson({ ok: true, account: source.account.id, dir, files, counts });
    else ctx.ui.out(`Exported ${describeCounts(catalog)} from ${source.account.id} to ${args.out}/`);
    return 'ok';
  },
});
