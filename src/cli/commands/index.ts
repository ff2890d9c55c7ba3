/** Every subcommand, in the order `--help` lists them. */
import { demoCommand } from './demo.js';

export const commands = [demoCommand];
