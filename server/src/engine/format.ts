/**
 * Number formatting and string order for messages, rule pages and findings, without ICU:
 * `Number.prototype.toLocaleString` loads the locale data on its first call (~10 ms), which the CLI
 * paid at start-up for one number in a rule page, and `localeCompare` loads the collator (~5 ms) and
 * orders by the process's locale, so output could differ between two machines.
 */

/**
 * A non-negative integer with `,` between groups of three digits, as `toLocaleString('en-US')`
 * writes it: 500000 → `500,000`. Other numbers (negative, fractional, not finite) as `String(n)`.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return String(n);
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Orders two strings by UTF-16 code units (what `<` does): the same on every machine, for `sort`. */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
