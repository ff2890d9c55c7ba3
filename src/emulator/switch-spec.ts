/**
 * The emulator's `--switch NAME=VALUE` and `--other-answers` flags: a user rehearses against the other answer to a
 * question api-notes leaves open, as the tool's own tests do (`switches.ts`).
 */
import { UsageError } from '../util/errors.js';
import { DEFAULT_SWITCHES, type EmulatorSwitches } from './switches.js';

type SwitchName = keyof EmulatorSwitches;
type SwitchValue = EmulatorSwitches[SwitchName];

/** Switches whose value is one of a few answers; the others are booleans or free text (a message, a `param`). */
const CHOICES: Partial<Record<SwitchName, readonly (string | null)[]>> = {
  limitOver100: ['error', 'clamp'],
  planDeleteEffect: ['remove', 'archive'],
  alreadyExistsParam: ['id', null],
  idempotencyEndpointMismatchType: ['idempotency_error', 'invalid_request_error'],
  replayedHeaderOnFirst: ['absent', 'false'],
  meterRepeatStatusChange: ['refuse', 'accept'],
};

/** Free-text switches whose other answer may be no value at all (`null`). */
const NULLABLE: ReadonlySet<SwitchName> = new Set(['idempotencyMismatchCode', 'archivedFeatureUpdateMessage']);

const NAMES = Object.keys(DEFAULT_SWITCHES) as SwitchName[];

function show(value: string | null): string {
  return value === null ? 'null' : value;
}

/** One `NAME=VALUE` (the value as typed: `true`, `archive`, `null`, a message) → that switch. */
export function parseSwitch(spec: string): Partial<EmulatorSwitches> {
  const at = spec.indexOf('=');
  const name = (at < 0 ? spec : spec.slice(0, at)).trim() as SwitchName;
  if (!NAMES.includes(name)) {
    throw new UsageError('bad_switch', `--switch: no switch "${name}"`, { hint: `write NAME=VALUE, NAME one of ${NAMES.join(', ')}` });
  }
  if (at < 0) throw new UsageError('bad_switch', `--switch: "${spec}" has no value`, { hint: `write ${name}=VALUE` });
  const text = spec.slice(at + 1);
  const fallback = DEFAULT_SWITCHES[name];
  const choices = CHOICES[name];
  let value: SwitchValue;
  if (typeof fallback === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new UsageError('bad_switch', `--switch: ${name} is true or false, not "${text}"`);
    value = text === 'true';
  } else if (choices !== undefined) {
    const chosen = choices.find((choice) => show(choice) === text);
    if (chosen === undefined) throw new UsageError('bad_switch', `--switch: ${name} is one of ${choices.map(show).join(', ')}, not "${text}"`);
    value = chosen;
  } else {
    value = text === 'null' && NULLABLE.has(name) ? null : text;
  }
  return { [name]: value } as Partial<EmulatorSwitches>;
}

/** Every `--switch` given, the later winning, over `base` (`OTHER_ANSWERS` with `--other-answers`). */
export function parseSwitches(specs: readonly string[], base: Partial<EmulatorSwitches> = {}): Partial<EmulatorSwitches> {
  return specs.reduce((out, spec) => ({ ...out, ...parseSwitch(spec) }), { ...base });
}
