/**
 * Every subcommand, in the order `--help` lists them: how it is invoked and its one line, and where its definition
 * lives. A definition is loaded only for the command that runs, so `migrate validate` does not pay for loading the
 * Stripe SDK, the applier or the emulator (about half a second of CPU at start-up).
 */
import type { CommandEntry } from '../command.js';

export const commands: CommandEntry[] = [
  { command: 'plan', describe: 'Diff the sandbox (or manifests) against live by ID and write a plan to review', load: async () => (await import('./plan.js')).planCommand },
  { command: 'apply [file]', describe: 'Make live match a reviewed plan file: same ids, safe to re-run, verified afterwards', load: async () => (await import('./apply.js')).applyCommand },
  { command: 'validate', describe: 'Check the manifests offline (no keys, no network): YAML, schema, ids, references, Stripe rules', load: async () => (await import('./validate.js')).validateCommand },
  { command: 'drift', describe: 'Compare the manifests with live (or the sandbox): exit 0 in sync, 2 on drift, 1 on error', load: async () => (await import('./drift.js')).driftCommand },
  { command: 'export', describe: 'Write the sandbox catalog as YAML manifests (deterministic; keeps your comments)', load: async () => (await import('./export.js')).exportCommand },
  { command: 'doctor', describe: 'Go-live report: keys, API versions, webhook endpoints, catalog, secrets in git, last apply (exit 0 / 2 / 1)', load: async () => (await import('./doctor.js')).doctorCommand },
  { command: 'demo', describe: 'Run the whole migration on a built-in Stripe emulator: no keys, no network', load: async () => (await import('./demo.js')).demoCommand },
  { command: 'emulator', describe: 'Run a local Stripe emulator of the catalog API, for tests and rehearsals', load: async () => (await import('./emulator.js')).emulatorCommand },
];
