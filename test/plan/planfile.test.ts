import { parse, stringify } from 'yaml';
import { hashValue } from '../../src/plan/hash.js';
import { computePlan } from '../../src/plan/compute.js';
import { parsePlan, serializePlan } from '../../src/plan/planfile.js';
import { planToJson } from '../../src/plan/render.js';
import { MigrateError } from '../../src/util/errors.js';
import { catalog, coupon, monthly, options, price, product } from './builders.js';

const desired = catalog(
  product({ id: 'prod_basic', name: 'Basic: "quoted", 100%', description: 'two\nlines', default_price: 'price_month', metadata: { yes: 'no', n: '007' } }),
  price({ id: 'price_month', product: 'prod_basic', recurring: monthly(), unit_amount: null, unit_amount_decimal: '12.345', lookup_key: 'true' }),
  price({ id: 'price_once', product: 'prod_basic', nickname: 'x'.repeat(300) }),
  coupon({ id: 'C-1', percent_off: 12.5 }),
);
const actual = catalog(product({ id: 'prod_basic', name: 'Old' }), product({ id: 'prod_stray' }));
const plan = computePlan(desired, actual, options);
const text = serializePlan(plan);

function refusal(input: string): MigrateError {
  try {
    parsePlan(input, 'plan.yaml');
  } catch (error) {
    if (error instanceof MigrateError) return error;
    throw error;
  }
  throw new Error('parsePlan accepted the input');
}

describe('plan file', () => {
  test('round trip gives back the same plan', () => {
    expect(parsePlan(text, 'plan.yaml')).toEqual(plan);
  });

  test('holds the target state as a mapping, which --json gives as the same object, whose hash is the fingerprint', () => {
    const inFile = (parse(text) as { targetState: Record<string, string | null> }).targetState;
    expect(Object.keys(inFile)).toEqual([...plan.targetState!.keys()]);
    expect(Object.values(inFile).some((h) => h !== null)).toBe(true);
    const json = JSON.parse(JSON.stringify(planToJson(plan))) as { targetState: unknown };
    expect(json.targetState).toEqual(inFile);
    expect(hashValue(inFile)).toBe(plan.targetFingerprint);
  });

  test('strings that look like other YAML types stay strings', () => {
    const back = parsePlan(text, 'plan.yaml');
    const create = back.changes.find((c) => c.address === 'price/price_month')!;
    expect(create.requests[0]!.params.amount_decimal).toBe('12.345');
    expect(create.requests[1]!.params.lookup_key).toBe('true');
    const prod = back.changes.find((c) => c.address === 'product/prod_basic')!;
    expect(prod.fields).toContainEqual({ field: 'metadata.n', before: null, after: '007' });
  });

  test('starts with a comment saying what it is and not to edit it, and keeps keys in a fixed order', () => {
    expect(text.split('\n')[0]).toMatch(/^# stripe-catalog-migrate plan/);
    expect(text).toMatch(/do not edit it/);
    const topKeys = text.split('\n').filter((l) => /^[a-zA-Z]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(topKeys).toEqual([
      'formatVersion', 'tool', 'stripeApiVersion', 'source', 'target', 'summary', 'contentHash', 'targetFingerprint',
      'targetState', 'warnings', 'liveOnly', 'changes',
    ]);
  });

  test('a plan reformatted by another YAML writer is still read, and means the same', () => {
    const reformatted = `${text.split('\n').slice(0, 3).join('\n')}\n${stringify(JSON.parse(JSON.stringify(planToJson(plan))), { defaultStringType: 'QUOTE_SINGLE' })}# end of plan\n`;
    expect(reformatted).toContain("'prod_basic'");
    expect(parsePlan(reformatted, 'plan.yaml')).toEqual(parsePlan(text, 'plan.yaml'));
  });

  test('a JSON rendering of the same plan is read too', () => {
    const json = JSON.stringify(planToJson(plan));
    expect(parsePlan(json, 'plan.json').contentHash).toBe(plan.contentHash);
  });
});

describe('refusals', () => {
  const withoutEnd = text.slice(0, text.lastIndexOf('# end of plan'));

  test.each([
    ['binary data', 'PK\u0003\u0004\u0000\u0000', 'plan_not_yaml'],
    ['a YAML scalar', 'just some notes\n', 'plan_not_yaml'],
    ['a YAML list', '- a\n- b\n', 'plan_not_yaml'],
    ['an empty file', '\n', 'plan_truncated'],
    ['a file cut in the middle', text.slice(0, Math.floor(text.length / 2)), 'plan_truncated'],
    ['a file cut at a line end', text.slice(0, text.lastIndexOf('\n', text.length / 2) + 1), 'plan_truncated'],
    ['broken YAML', '{ formatVersion: 1, [\n', 'plan_malformed'],
    ['a mapping without formatVersion', 'name: x\n', 'plan_malformed'],
    ['a future format', text.replace('formatVersion: 1', 'formatVersion: 2'), 'plan_unknown_version'],
    ['a missing member', text.replace(/^stripeApiVersion: .*\n/m, ''), 'plan_malformed'],
    ['an unknown action', text.replace('action: create', 'action: destroy'), 'plan_malformed'],
    ['a duplicate key', text.replace('stripeApiVersion:', 'tool: again\nstripeApiVersion:'), 'plan_malformed'],
    ['an edited parameter', text.replace('interval: month', 'interval: year'), 'plan_edited'],
    ['an edited request', text.replace('path: /v1/coupons', 'path: /v1/coupons/x'), 'plan_edited'],
    ['a removed change', withoutEnd.replace(/\n {2}- address: coupon\/C-1[\s\S]*?(?=\n {2}- address)/, '') + '# end of plan\n', 'plan_edited'],
    ['an edited summary', text.replace('create: 3', 'create: 2'), 'plan_edited'],
    ['an edited target state', text.replace(/(product\/prod_basic: sha256:)[0-9a-f]/, '$10'), 'plan_edited'],
  ])('%s', (_name, input, code) => {
    expect(input).not.toBe(text);
    const error = refusal(input);
    expect(error.code).toBe(code);
    expect(error.hint).toMatch(/migrate plan/);
    expect(error.options.location?.file).toBe('plan.yaml');
  });

  test('a YAML syntax error names its line', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('stripeApiVersion'));
    lines[at] = 'stripeApiVersion: @2026';
    const error = refusal(lines.join('\n'));
    expect(error.code).toBe('plan_malformed');
    expect(error.options.location?.line).toBe(at + 1);
  });

  test('a shape error names the line of the offending member', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('action: create'));
    lines[at] = lines[at]!.replace('create', 'destroy');
    const error = refusal(lines.join('\n'));
    expect(error.message).toMatch(/changes\.\d+\.action/);
    expect(error.options.location?.line).toBe(at + 1);
  });
});
