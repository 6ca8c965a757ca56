/**
 * temporary-credentials-master (issue #14): JS SDK v2 `new AWS.TemporaryCredentials(params)` without its
 * second argument, the master credentials.
 *
 * What the SDK does (aws/aws-sdk-js lib/credentials/temporary_credentials.js, `loadMasterCredentials`):
 * the constructor sets `masterCredentials = masterCredentials || AWS.config.credentials` and then reads
 * `this.masterCredentials.masterCredentials` in a loop. In an IRSA pod `AWS.config.credentials` is
 * `null`: its default (lib/node_loader.js, `Config.prototype.keys.credentials`) is resolved synchronously
 * from `AWS_ACCESS_KEY_ID`/`AMAZON_ACCESS_KEY_ID` and static keys of the shared credentials file with
 * `disableAssumeRole: true` only, never from the web identity token (that lives in the asynchronous
 * `credentialProvider` chain, lib/credentials/credential_provider_chain.js `TokenFileWebIdentityCredentials`).
 * So the constructor throws `TypeError: Cannot read properties of null (reading 'masterCredentials')`.
 * And when `AWS.config.credentials` is set, the same loop walks up to the root of a chain of
 * TemporaryCredentials, so it cannot chain roles either. `AWS.ChainableTemporaryCredentials`
 * (lib/credentials/chainable_temporary_credentials.js) gives its STS client `options.masterCredentials ||
 * AWS.config.credentials`, and a client whose `credentials` is null resolves them through
 * `credentialProvider` (lib/config.js `getCredentials`), which includes the web identity token.
 *
 * Not reported: a second argument (the master credentials are given), and a file that assigns
 * `AWS.config.credentials` itself (`AWS.config.credentials = new AWS.TokenFileWebIdentityCredentials()`)
 * or passes `credentials` to `AWS.config.update(…)` — then the default may be set when the constructor runs.
 */
import { field, nodeText, walkCode } from '../parse/code';
import type { CodeNode } from '../parse/code';
import { calleeName, isJsLike, jsPairKey } from './_code-util';
import type { FileRule } from './types';

/** The arguments of a call or `new`, without comments. */
function argumentsOf(n: CodeNode): CodeNode[] | undefined {
  const args = field(n, 'arguments');
  return args?.children.filter((c) => c.type !== 'comment');
}

/**
 * True when the file sets the global credentials itself, other than to a `new TemporaryCredentials(…)`:
 * `AWS.config.credentials = …` or `AWS.config.update({ credentials: … })`.
 */
function setsGlobalCredentials(text: string, root: CodeNode): boolean {
  let sets = false;
  walkCode(root, (n) => {
    if (sets) return;
    if (n.type === 'assignment_expression') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (!left || !/(^|\.)config\.credentials$/.test(nodeText(text, left).replace(/\s+/g, ''))) return;
      if (right?.type === 'new_expression' && calleeName(text, field(right, 'constructor')) === 'TemporaryCredentials') return;
      sets = true;
    } else if (n.type === 'call_expression') {
      const fn = field(n, 'function');
      if (!fn || !/(^|\.)config\.update$/.test(nodeText(text, fn).replace(/\s+/g, ''))) return;
      const first = argumentsOf(n)?.[0];
      if (first?.type === 'object' && first.children.some((p) => p.type === 'pair' && jsPairKey(text, p) === 'credentials')) sets = true;
      else if (first?.type === 'object' && first.children.some((p) => p.type === 'shorthand_property_identifier' && nodeText(text, p) === 'credentials')) sets = true;
    }
  });
  return sets;
}

const rule: FileRule = {
  id: 'temporary-credentials-master',
  defaultSeverity: 'error',
  scope: 'file',
  appliesTo: ['file'],
  code: true,
  docs: {
    summary: 'JS SDK v2 `new AWS.TemporaryCredentials(params)` without master credentials throws in an IRSA pod; use `AWS.ChainableTemporaryCredentials`.',
    details: [
      '`AWS.TemporaryCredentials` (deprecated) takes its master credentials from its second argument, else from `AWS.config.credentials` **at the moment it is constructed**, and then walks `masterCredentials.masterCredentials` up to the root of a chain.',
      '',
      'In an IRSA pod `AWS.config.credentials` is `null`: the SDK fills it only from `AWS_ACCESS_KEY_ID` and static keys in the shared credentials file (with role profiles disabled); the web identity token is read by the *asynchronous* provider chain (`credentialProvider`) that clients use when their `credentials` is null. So `new AWS.TemporaryCredentials({ RoleArn })` throws `TypeError: Cannot read properties of null (reading \'masterCredentials\')` before any STS call, and `AWS.config.credentials = new AWS.TemporaryCredentials(…)` (the pattern of the SDK\'s own example) fails the same way, because the right-hand side is built first.',
      'Where `AWS.config.credentials` is set, the walk up the chain means a TemporaryCredentials built on another one uses the *root* credentials, so it cannot chain roles either.',
      '',
      'Checked in TypeScript/JavaScript: `new AWS.TemporaryCredentials(…)` / `new TemporaryCredentials(…)` with no second argument. Not reported when the file sets `AWS.config.credentials` itself or passes `credentials` to `AWS.config.update(…)`.',
      '',
      '**Fix:** `new AWS.ChainableTemporaryCredentials({ params })`: its STS client uses `masterCredentials`, else `AWS.config.credentials`, else the default provider chain, which reads the web identity token and refreshes it. The quick fix rewrites a one-argument call to that form.',
    ].join('\n'),
    sources: [
      'https://github.com/aws/aws-sdk-js/blob/master/lib/credentials/temporary_credentials.js (loadMasterCredentials: `masterCredentials || AWS.config.credentials`, then `while (this.masterCredentials.masterCredentials)`)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/node_loader.js (Config keys `credentials`: EnvironmentCredentials and SharedIniFileCredentials({ disableAssumeRole: true }) only; `credentialProvider`: the full chain)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/credentials/credential_provider_chain.js (defaultProviders include TokenFileWebIdentityCredentials)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/credentials/chainable_temporary_credentials.js (credentials: options.masterCredentials || AWS.config.credentials)',
      'https://github.com/aws/aws-sdk-js/blob/master/lib/config.js (getCredentials: null credentials are resolved through credentialProvider)',
    ],
  },
  checkFile(file, ctx) {
    const code = file.code;
    if (!code || !isJsLike(code.language)) return;
    const text = ctx.text(file.uri);
    let globalSet: boolean | undefined;
    walkCode(code.root, (n) => {
      if (n.type !== 'new_expression') return;
      const ctor = field(n, 'constructor');
      if (calleeName(text, ctor) !== 'TemporaryCredentials' || !ctor) return;
      const args = argumentsOf(n) ?? [];
      if (args.length >= 2) return;
      if ((globalSet ??= setsGlobalCredentials(text, code.root))) return;
      const uri = file.uri;
      // `AWS.TemporaryCredentials` → `AWS.ChainableTemporaryCredentials` and the one argument wrapped. A bare
      // imported name would need an import, a spread or no argument a decision: those are left to the author.
      const nameNode = ctor.type === 'member_expression' ? field(ctor, 'property') : undefined;
      const arg = args[0];
      const fixable = nameNode && arg && arg.type !== 'spread_element';
      ctx.report({
        at: { uri, start: n.start, end: n.end },
        message:
          '`new TemporaryCredentials(…)` has no master credentials, so it takes `AWS.config.credentials` when it is constructed — which is null in an IRSA pod (the SDK reads the web identity token only in its asynchronous provider chain): ' +
          "the constructor throws \"Cannot read properties of null (reading 'masterCredentials')\", and where the global credentials are set it walks to the root of their chain, so it cannot chain roles. Use `new AWS.ChainableTemporaryCredentials({ params })`, which falls back to the default provider chain.",
        fixes: fixable
          ? [
              {
                title: 'Use AWS.ChainableTemporaryCredentials({ params: … })',
                preferred: true,
                edits: [
                  { uri, start: nameNode.start, end: nameNode.end, newText: 'ChainableTemporaryCredentials' },
                  { uri, start: arg.start, end: arg.start, newText: '{ params: ' },
                  { uri, start: arg.end, end: arg.end, newText: ' }' },
                ],
              },
            ]
          : undefined,
      });
    });
  },
};

export default rule;
