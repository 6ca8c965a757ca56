/**
 * Rules read the model, not the workspace (issue 12 item 4): a rule file imports only the model, the
 * domain facts, the parse tree helpers, other rule files and the rule contract (rules/types.ts), and
 * asks about other documents only through `ctx.ws` (the recorded queries). A rule that imported
 * workspace/* could read the index behind the recorder's back, and its findings would go stale after
 * an edit. This scans the import lines of every file under server/src/engine/rules/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/fixtures';

const RULES_DIR = path.join(REPO_ROOT, 'server', 'src', 'engine', 'rules');
const ENGINE_DIR = path.dirname(RULES_DIR);

/**
 * Module specifiers of a TypeScript source: `import … from 'x'`, `import 'x'`, `export … from 'x'`,
 * `import('x')` and `require('x')`, over several lines too.
 */
function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;\s])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** Why a rule file may not import `spec` (resolved against the rules folder), or undefined when it may. */
function forbidden(spec: string): string | undefined {
  if (!spec.startsWith('.')) return `a package (${spec}): the engine's rules use no package directly`;
  const rel = path.relative(ENGINE_DIR, path.resolve(RULES_DIR, spec)).split(path.sep).join('/');
  if (rel.startsWith('..')) return 'a module outside the engine';
  if (rel === 'workspace' || rel.startsWith('workspace/')) return 'the workspace (read other documents through ctx.ws)';
  if (rel.startsWith('features/') || rel === 'index' || rel === 'chain') return 'an engine feature, not the model';
  return undefined;
}

describe('rule files import the model, never the workspace', () => {
  it('the scanner sees every form of import (so the check below can fail)', () => {
    const sample = [
      "import { a } from '../workspace/view';",
      "import type {\n  B,\n} from '../workspace/workspace';",
      "export { c } from './_util';",
      "import '../workspace/side-effect';",
      "const d = require('../workspace/x');",
      "import * as fs from 'fs';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(sample), ['../workspace/view', '../workspace/workspace', './_util', '../workspace/side-effect', '../workspace/x', 'fs']);
    assert.equal(forbidden('../workspace/view'), 'the workspace (read other documents through ctx.ws)');
    assert.equal(forbidden('fs'), "a package (fs): the engine's rules use no package directly");
    assert.equal(forbidden('../model/workload'), undefined);
    assert.equal(forbidden('./types'), undefined);
  });

  it('no file under engine/rules imports workspace/*, a feature or a package', () => {
    const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 60, `found ${files.length} rule files`);
    const problems: string[] = [];
    for (const f of files) {
      for (const spec of importSpecifiers(fs.readFileSync(path.join(RULES_DIR, f), 'utf8'))) {
        const why = forbidden(spec);
        if (why) problems.push(`${f}: imports '${spec}': ${why}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
