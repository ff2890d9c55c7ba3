/** The process entry: the only place that calls process.exit. */
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2));
process.exit(code);
