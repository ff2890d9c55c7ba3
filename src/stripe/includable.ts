/**
 * A shipping rate's `fixed_amount.currency_options` is inline, or includable like a price's (absent unless
 * expanded): api-notes §9 leaves it open. Asking for the expansion where the field is inline is refused, as for
 * any plain field (§1.5); not asking where it is includable would read every rate as having no other currencies,
 * and a migration would drop them. So a page is read as it is, and read again expanded only when it holds rates
 * and none shows the field; the answer (expanded, or refused) is kept for the rest of the read. An account without
 * shipping rates, or whose rates show the field, costs nothing more.
 */
export type IncludableAnswer = 'unknown' | 'expand' | 'inline';

interface Listed {
  data: readonly Record<string, unknown>[];
}

const SHIPPING_OPTIONS = 'data.fixed_amount.currency_options';

function showsOptions(rate: Record<string, unknown>): boolean {
  const fixed = rate.fixed_amount;
  return typeof fixed === 'object' && fixed !== null && 'currency_options' in fixed;
}

/** Stripe's refusal to expand a path that is not expandable: 400 "This property cannot be expanded (…)". */
function isExpandRefusal(error: unknown): boolean {
  const { statusCode, message } = (error ?? {}) as { statusCode?: unknown; message?: unknown };
  return statusCode === 400 && typeof message === 'string' && message.includes('cannot be expanded');
}

/**
 * Wraps a shipping-rates page fetch (`expand`: the `expand[]` paths to send, none or the currency options) so the
 * rates come with their currency options whichever answer holds; `state` is shared by every list of one read.
 */
export function withShippingCurrencyOptions<P extends Listed>(
  fetch: (expand: readonly string[]) => Promise<P>,
  state: { answer: IncludableAnswer },
): () => Promise<P> {
  return async () => {
    if (state.answer === 'expand') return fetch([SHIPPING_OPTIONS]);
    const page = await fetch([]);
    if (state.answer === 'inline' || page.data.length === 0) return page;
    if (page.data.some(showsOptions)) {
      state.answer = 'inline';
      return page;
    }
    try {
      const expanded = await fetch([SHIPPING_OPTIONS]);
      state.answer = 'expand';
      return expanded;
    } catch (error) {
      if (!isExpandRefusal(error)) throw error;
      state.answer = 'inline';
      return page;
    }
  };
}
