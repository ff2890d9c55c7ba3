/**
 * The redaction layer: every message, log line and file the tool writes passes through `redact`, so a key that
 * slipped into an error (a URL, an SDK message, a user's typo) never reaches a terminal, a log or a file.
 */

const KEY_SHAPED = /\b(sk|rk|pk)_(test|live)_[0-9A-Za-z]+|\bwhsec_[0-9A-Za-z]+/g;

/** Replaces every key-shaped string with its prefix and a mask: `sk_live_…` → `sk_live_****`. */
export function redact(text: string): string {
  return text.replace(KEY_SHAPED, (match, kind?: string, mode?: string) =>
    kind ? `${kind}_${mode}_****` : 'whsec_****',
  );
}

/** True when `text` holds something that looks like a Stripe secret. */
export function containsKeyShaped(text: string): boolean {
  KEY_SHAPED.lastIndex = 0;
  const found = KEY_SHAPED.test(text);
  KEY_SHAPED.lastIndex = 0;
  return found;
}
