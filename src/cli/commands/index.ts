/** Every subcommand, in the order `--help` lists them. */
import { demoCommand } from './demo.js';
import { emulatorCommand } from './emulator.js';
import { exportCommand } from './export.js';
import { planCommand } from './plan.js';

export const commands = [planCommand, exportCommand, demoCommand, emulatorCommand];
