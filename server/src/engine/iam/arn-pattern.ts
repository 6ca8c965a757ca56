/**
 * (issue #15) Whether a `Resource` ARN of a policy can name a resource of a given resource type. Pure
 * string logic: the catalogue itself is read through `IamCatalog` (iam/catalog.ts).
 *
 * Two pattern languages meet here:
 * - the policy's ARN, where `*` matches any run of characters (including `:` and `/`) and `?` one
 *   character (IAM-UG reference_policies_elements_resource.html "Including wildcards in resource ARNs");
 * - the resource type's ARN format of AWS's Service Authorization Reference, e.g.
 *   `arn:${Partition}:s3:::${BucketName}/${ObjectName}`, whose `${…}` variables stand for a
 *   value. The reference does not say which characters each variable admits, so a variable of the
 *   partition, region or account field (the first five `:`-separated fields) admits any run without
 *   `:`, and a variable of the resource part any run at all (role names carry paths, Secrets
 *   Manager names `/`, CloudWatch Logs `:`); this only ever accepts more ARNs, never fewer.
 * An ARN fits a resource type when some concrete ARN matches both patterns.
 */

/** A token of a glob: one literal character, `?` (one character), or a star (any run). */
type Token = { t: 'c'; c: string } | { t: '?' } | { t: '*'; noColon: boolean };

/** Tokens of a policy ARN (`*`, `?` wildcards; every other character literal). */
function policyTokens(arn: string): Token[] {
  const out: Token[] = [];
  for (const ch of arn) {
    if (ch === '*') {
      // Consecutive stars are one star.
      if (out[out.length - 1]?.t !== '*') out.push({ t: '*', noColon: false });
    } else if (ch === '?') out.push({ t: '?' });
    else out.push({ t: 'c', c: ch });
  }
  return out;
}

/** Tokens of a Service Authorization Reference ARN format (`${Var}` variables; see the module comment). */
function formatTokens(format: string): Token[] {
  const out: Token[] = [];
  let colons = 0;
  for (let i = 0; i < format.length; i++) {
    if (format.startsWith('${', i)) {
      const close = format.indexOf('}', i);
      if (close > 0) {
        out.push({ t: '*', noColon: colons < 5 });
        i = close;
        continue;
      }
    }
    const ch = format[i]!;
    if (ch === ':') colons++;
    // A literal `*` in a format (a few formats end in `/*`) stands for any run, as in IAM.
    if (ch === '*') out.push({ t: '*', noColon: false });
    else out.push({ t: 'c', c: ch });
  }
  return out;
}

/**
 * True when some string matches both token lists (glob intersection by dynamic programming over
 * positions; O(|a|·|b|)). A star of `a` marked `noColon` never produces `:`.
 */
function intersects(a: Token[], b: Token[]): boolean {
  const n = a.length;
  const m = b.length;
  const memo = new Uint8Array((n + 1) * (m + 1)); // 0 unknown, 1 false, 2 true
  // Iterative from the end, so deep ARNs cannot overflow the stack.
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      let ok = false;
      const x = a[i];
      const y = b[j];
      if (!x && !y) ok = true;
      else if (x?.t === '*') {
        // The star of `a` ends here, or it takes the next token of `b` (a star of `b` may produce
        // a run without `:`; a literal `:` it cannot take when it is noColon).
        ok = memo[(i + 1) * (m + 1) + j] === 2 || (!!y && !(x.noColon && y.t === 'c' && y.c === ':') && memo[i * (m + 1) + j + 1] === 2);
      } else if (y?.t === '*') {
        ok = memo[i * (m + 1) + j + 1] === 2 || (!!x && !(y.noColon && x.t === 'c' && x.c === ':') && memo[(i + 1) * (m + 1) + j] === 2);
      } else if (x && y) {
        ok = (x.t === '?' || y.t === '?' || (x.t === 'c' && y.t === 'c' && x.c === y.c)) && memo[(i + 1) * (m + 1) + j + 1] === 2;
      }
      memo[i * (m + 1) + j] = ok ? 2 : 1;
    }
  }
  return memo[0] === 2;
}

/**
 * True when the policy ARN `arn` (wildcards `*`/`?`) can name a resource of the ARN format `format`
 * (`arn:${Partition}:s3:::${BucketName}`). Case-sensitive: ARNs are (IAM-UG reference-arns.html).
 */
export function arnFitsFormat(arn: string, format: string): boolean {
  const key = `${format}\n${arn}`;
  let fits = fitsCache.get(key);
  if (fits === undefined) {
    if (fitsCache.size >= FITS_CACHE_MAX) fitsCache.clear();
    fitsCache.set(key, (fits = intersects(formatTokens(format), policyTokens(arn))));
  }
  return fits;
}

/**
 * Answers of {@link arnFitsFormat} by `format\narn`. A workspace repeats the same few Resource ARNs
 * and resource types across its CredentialsRequests and policies, and each answer is a dynamic
 * programme over both (~3,000 steps): without the cache it was ~2% of irsa-lint's CPU on a 5,000-file
 * workspace (`--cpu-prof`). Bounded: when full it starts over.
 */
const fitsCache = new Map<string, boolean>();
const FITS_CACHE_MAX = 4096;
