/** Shipping rates' currency options, read whether they are inline or includable (api-notes §9, unconfirmed). */
import { withShippingCurrencyOptions, type IncludableAnswer } from '../../src/stripe/includable.js';

const withOptions = { id: 'shr_1', fixed_amount: { amount: 500, currency: 'usd', currency_options: { eur: { amount: 450 } } } };
const without = { id: 'shr_1', fixed_amount: { amount: 500, currency: 'usd' } };
const refusal = Object.assign(new Error('This property cannot be expanded (fixed_amount.currency_options).'), { statusCode: 400 });

/** A list endpoint that answers by whether the expansion was asked for; records what each request asked. */
function endpoint(plain: object[], expanded: object[] | Error) {
  const asked: string[][] = [];
  const fetch = async (expand: readonly string[]) => {
    asked.push([...expand]);
    if (expand.length === 0) return { data: plain as Record<string, unknown>[] };
    if (expanded instanceof Error) throw expanded;
    return { data: expanded as Record<string, unknown>[] };
  };
  return { fetch, asked };
}

test('where the field is includable, the page is read again expanded, and the rest of the read asks for it at once', async () => {
  const state = { answer: 'unknown' as IncludableAnswer };
  const { fetch, asked } = endpoint([without], [withOptions]);
  expect((await withShippingCurrencyOptions(fetch, state)()).data).toEqual([withOptions]);
  expect((await withShippingCurrencyOptions(fetch, state)()).data).toEqual([withOptions]);
  expect(asked).toEqual([[], ['data.fixed_amount.currency_options'], ['data.fixed_amount.currency_options']]);
  expect(state.answer).toBe('expand');
});

test('where it is inline, a page that shows it, or an expansion Stripe refuses, settles it: no more asking', async () => {
  const shown = { answer: 'unknown' as IncludableAnswer };
  const first = endpoint([withOptions], refusal);
  expect((await withShippingCurrencyOptions(first.fetch, shown)()).data).toEqual([withOptions]);
  expect(first.asked).toEqual([[]]);
  expect(shown.answer).toBe('inline');

  const refused = { answer: 'unknown' as IncludableAnswer };
  const second = endpoint([without], refusal);
  expect((await withShippingCurrencyOptions(second.fetch, refused)()).data).toEqual([without]);
  expect((await withShippingCurrencyOptions(second.fetch, refused)()).data).toEqual([without]);
  expect(second.asked).toEqual([[], ['data.fixed_amount.currency_options'], []]);
  expect(refused.answer).toBe('inline');
});

test('an empty list asks nothing more, and a failure other than the refusal is not mistaken for it', async () => {
  const empty = endpoint([], refusal);
  const state = { answer: 'unknown' as IncludableAnswer };
  await withShippingCurrencyOptions(empty.fetch, state)();
  expect(empty.asked).toEqual([[]]);
  expect(state.answer).toBe('unknown');

  const down = endpoint([without], Object.assign(new Error('Internal error'), { statusCode: 500 }));
  await expect(withShippingCurrencyOptions(down.fetch, { answer: 'unknown' })()).rejects.toThrow('Internal error');
});
