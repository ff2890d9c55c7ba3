/**
 * Rendering large plans: the text is gathered in chunks (`text-sink.ts`), which must never lose, reorder or
 * alter a character, whatever the text holds (lone surrogates included).
 */
import { computePlan } from '../../src/plan/compute.js';
import { renderPlan, renderPlanTo } from '../../src/plan/render.js';
import { TextSink } from '../../src/plan/text-sink.js';
import { generateCatalog } from '../support/generate-catalog.js';
import { options } from './builders.js';

describe('TextSink', () => {
  test('gives back exactly what was written, across many chunks, whatever the characters', () => {
    const pieces: string[] = [];
    const alphabet = ['a', 'é', '→', '🚀', '\ud800', '\udc00', '\n', '"', '\u0000'];
    for (let i = 0; i < 60_000; i++) pieces.push(`${i}:${alphabet[i % alphabet.length]!.repeat(1 + (i % 7))}|`);
    const sink = new TextSink();
    for (const piece of pieces) sink.write(piece);
    expect(sink.text()).toBe(pieces.join(''));
  });

  test('with a writer, hands each chunk over as it is made and keeps none', () => {
    const given: string[] = [];
    const sink = new TextSink((chunk) => given.push(chunk));
    const pieces = Array.from({ length: 40_000 }, (_, i) => `line ${i} → ${'x'.repeat(i % 13)}\n`);
    for (const piece of pieces.slice(0, 20_000)) sink.write(piece);
    // Half written: the full chunks so far are already out, before any flush.
    const early = given.length;
    expect(early).toBeGreaterThan(0);
    for (const piece of pieces.slice(20_000)) sink.write(piece);
    sink.flush();
    expect(given.length).toBeGreaterThan(early);
    expect(given.join('')).toBe(pieces.join(''));
    expect(sink.text()).toBe('');
  });

  test('an empty sink gives an empty string', () => {
    expect(new TextSink().text()).toBe('');
    const given: string[] = [];
    new TextSink((chunk) => given.push(chunk)).flush();
    expect(given).toEqual([]);
  });
});

describe('renderPlan on a large plan', () => {
  const desired = generateCatalog({ seed: 11, products: 1_500 });
  const plan = computePlan(desired, { products: [], prices: [], coupons: [] }, options);
  const text = renderPlan(plan, { color: false });

  test('shows every change once, in plan order, and ends with the summary', () => {
    const headers = text.split('\n').filter((line) => /^( {2}[+~-]|-\/\+) /.test(line));
    expect(headers.map((line) => line.slice(4).split('  (')[0])).toEqual(plan.changes.map((c) => c.address));
    expect(text.endsWith(`Plan: ${plan.summary.create} to create, ${plan.summary.update} to update, 0 to replace, 0 to archive.\n`)).toBe(true);
  });

  test('to a writer, in chunks: the same text, each chunk whole lines', () => {
    const chunks: string[] = [];
    renderPlanTo(plan, { color: false }, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
  });

  test('with colour, the same lines with only colour codes added', () => {
    const colored = renderPlan(plan, { color: true });
    expect(colored).not.toBe(text);
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });
});
