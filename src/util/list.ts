/** `a, b, c, and 4 more`: the first `shown` items of a list for a message, and how many are left out. */
export function firstOf(items: readonly string[], shown: number): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head}, and ${items.length - shown} more` : head;
}
