/**
 * Number formatting for messages and rule pages, without ICU: `Number.prototype.toLocaleString`
 * loads the locale data on its first call (~10 ms), which the CLI paid at start-up for one number in
 * a rule page.
 */

/**
 * A non-negative integer with `,` between groups of three digits, as `toLocaleString('en-US')`
 * writes it: 500000 → `500,000`. Other numbers (negative, fractional, not finite) as `String(n)`.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return String(n);
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
