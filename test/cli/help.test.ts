import { runMigrate } from '../support/cli.js';

test('an unknown command exits 1 and points at --help', async () => {
  const result = await runMigrate(['bogus']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/migrate --help/);
});

test('every command has help with an example', async () => {
  for (const command of ['plan', 'apply', 'export', 'validate', 'drift', 'demo', 'emulator']) {
    const result = await runMigrate([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
  }
});

test('an unknown flag is refused before the command runs', async () => {
  const result = await runMigrate(['plan', '--bogus']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('Unknown argument: bogus');
  expect(result.stderr).not.toContain('STRIPE_SANDBOX_KEY');
});

test('a key is never accepted as a flag', async () => {
  const result = await runMigrate(['plan', '--api-key', 'sk_live_Flagged123']);
  expect(result.code).toBe(1);
  expect(result.stderr).not.toContain('Flagged123');
});

test('a mistyped command is named, with the suggestion', async () => {
  const result = await runMigrate(['aply']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('Unknown command: aply. Did you mean apply?');
});
