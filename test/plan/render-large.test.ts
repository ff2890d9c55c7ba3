/**
 * Rendering large plans: the text is gathered in chunks (`text-sink.ts`), which must never lose, reorder or
 * alter a character, whatever the text holds (lone surrogates included).
 */
import { computePlan } from '../../src/plan/compute.js';
import { renderPlan, renderPlanChunks } from '../../src/plan/render.js';
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

  test('an empty sink gives an empty string', () => {
    expect(new TextSink().text()).toBe('');
    expect(new TextSink().chunks()).toEqual([]);
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

  test('in chunks, the same text, each chunk whole lines', () => {
    const chunks = renderPlanChunks(plan, { color: false });
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
