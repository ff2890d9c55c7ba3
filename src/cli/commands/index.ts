/** Every subcommand, in the order `--help` lists them. */
import { applyCommand } from './apply.js';
import { demoCommand } from './demo.js';
import { doctorCommand } from './doctor.js';
import { driftCommand } from './drift.js';
import { emulatorCommand } from './emulator.js';
import { exportCommand } from './export.js';
import { planCommand } from './plan.js';
import { validateCommand } from './validate.js';

export const commands = [planCommand, applyCommand, validateCommand, driftCommand, exportCommand, doctorCommand, demoCommand, emulatorCommand];
