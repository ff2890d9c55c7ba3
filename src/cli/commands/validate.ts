import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { formatSummary, formatValidationLine, validateManifests, validationToJson } from '../../validate/index.js';

export const validateCommand = defineCommand({
  builder: (y) => y.option('manifests', { type: 'string', default: 'manifests', describe: 'manifests folder' }),
  examples: [
    ['$0 validate', 'check manifests/; exit 1 on any error'],
    ['$0 validate --manifests catalog --json', 'one JSON object { ok, problems } on stdout'],
  ],
  async run(args, ctx) {
    const result = await validateManifests(resolve(ctx.cwd, args.manifests));
    if (ctx.ui.json) ctx.ui.emitJson(validationToJson(result, ctx.cwd));
    else {
      // Problems go to stdout: they are the command's result, and editors and CI parse them from there.
      for (const problem of result.problems) ctx.ui.out(formatValidationLine(problem, ctx.cwd));
      ctx.ui.out(formatSummary(result, args.manifests));
    }
    return result.errors > 0 ? 'error' : 'ok';
  },
});
