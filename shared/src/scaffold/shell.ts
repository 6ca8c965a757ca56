/**
 * Quoting for POSIX shells (bash, sh), so values typed into the wizard or passed to `irsa-lint init`
 * can never become shell syntax in the generated `ccoctl.sh` or in commands shown in README.md.
 */

/**
 * Quotes `value` as one shell word: single quotes, each embedded `'` written as `'\''`. Inside
 * single quotes a POSIX shell treats every character literally (`$`, backticks, `\`, newlines),
 * so the word always expands to exactly `value`. NUL bytes cannot be part of an argument and are
 * dropped. Always quotes, even safe values, so every value in a script looks the same.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/** Text safe to put after `#` in a shell script: one line, no control characters. */
export function shellComment(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ');
}
