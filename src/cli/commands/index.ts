/** Every subcommand, in the order `--help` lists them. */
import { demoCommand } from './demo.js';
import { emulatorCommand } from './emulator.js';

export const commands = [demoCommand, emulatorCommand];
