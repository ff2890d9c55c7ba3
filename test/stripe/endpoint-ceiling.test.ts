/** How an endpoint's limit is probed above the documented 25 a second, and how refusals bring it down. */
import { EndpointCeiling } from '../../src/stripe/endpoint-ceiling.js';

/** An endpoint documented at 25 on a live account (100). */
const liveEndpoint = () => new EndpointCeiling(25, 100);

test('the first probe asks one place more; each later level doubles once a start beyond the last one was answered', () => {
  const ceiling = liveEndpoint();
  expect(ceiling.raise(0)).toBe(26);
  // Not tested yet: no higher level while no start beyond 25 has been answered.
  expect(ceiling.raise(5000)).toBeUndefined();
  ceiling.passed(25);
  expect(ceiling.raise(5000)).toBeUndefined();
  ceiling.passed(26);
  expect(ceiling.raise(5000)).toBe(52);
  ceiling.passed(26);
  expect(ceiling.raise(5100)).toBeUndefined();
  ceiling.passed(40);
  expect(ceiling.raise(5100)).toBe(100);
  ceiling.passed(100);
  expect(ceiling.raise(9000)).toBeUndefined();
  expect(ceiling.level).toBe(100);
});

test('a refused probe with room in the account sets the ceiling: no probe after it', () => {
  const ceiling = liveEndpoint();
  ceiling.raise(0);
  expect(ceiling.refused(26, true, 200)).toBe(true);
  expect(ceiling.level).toBe(25);
  ceiling.passed(26);
  expect(ceiling.raise(60_000)).toBeUndefined();
});

test('a refusal at a place within the documented limit is not the probe: the level stays', () => {
  const ceiling = liveEndpoint();
  ceiling.raise(0);
  expect(ceiling.refused(20, true, 100)).toBe(false);
  expect(ceiling.level).toBe(26);
});

test('above a raised level, a refusal brings the level below the refused place and keeps what was learnt', () => {
  const ceiling = liveEndpoint();
  ceiling.raise(0);
  ceiling.passed(26);
  ceiling.raise(1000);
  ceiling.passed(27);
  ceiling.raise(2000);
  expect(ceiling.level).toBe(100);
  // The server allows 60: the 61st start of a second is refused, and so are later ones already on their way.
  expect(ceiling.refused(61, true, 2200)).toBe(true);
  expect(ceiling.refused(64, true, 2210)).toBe(true);
  expect(ceiling.level).toBe(60);
  expect(ceiling.raise(10_000)).toBeUndefined();
});

test('a refused probe while the account was nearly full may have been the account: probing tries once more, two seconds on', () => {
  const ceiling = liveEndpoint();
  expect(ceiling.accountHasRoom(9)).toBe(false);
  expect(ceiling.accountHasRoom(10)).toBe(true);
  ceiling.raise(0);
  expect(ceiling.refused(26, false, 100)).toBe(true);
  expect(ceiling.level).toBe(25);
  expect(ceiling.raise(2099)).toBeUndefined();
  expect(ceiling.raise(2100)).toBe(26);
  // Refused again: 25 is taken as the ceiling.
  ceiling.refused(26, false, 2200);
  expect(ceiling.level).toBe(25);
  expect(ceiling.raise(60_000)).toBeUndefined();
});

test('where the unclear refusal was the account, the retry finds the endpoint has more', () => {
  const ceiling = liveEndpoint();
  ceiling.raise(0);
  ceiling.refused(26, false, 100);
  ceiling.raise(2100);
  ceiling.passed(26);
  expect(ceiling.raise(2300)).toBe(52);
});

test('in a sandbox the account allows no more than an endpoint: nothing to probe', () => {
  expect(new EndpointCeiling(25, 25).raise(0)).toBeUndefined();
});
