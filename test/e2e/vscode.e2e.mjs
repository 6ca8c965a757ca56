// End-to-end: the packaged .vsix in a real VS Code (code-server) driven through its UI by headless
// Chromium (issue 5). Each numbered test is one step of the issue; a step whose feature is missing
// fails on its own and the next steps still run. Expected diagnostics come from the CLI built from
// the same sources (dist/cli.js, bundled with the .vsix by `npm run package`), run on a copy of the
// workspace with the same edit applied: the editor must show exactly what `irsa-lint` reports.
//
// Prerequisites: `npm run package` and `node test/e2e/setup.mjs` (`npm run test:e2e` does both).
// Screenshots: test/e2e/artifacts/<NN>-<step>.png; on failure <NN>-<step>.FAILED.png, plus
// code-server.log and failure-<NN>.txt. Timings: artifacts/timings.json.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { installExtension, prepareProfile, startCodeServer } from './lib/codeserver.mjs';
import { ARTIFACTS, cliFindings, copyGuide, loadSetup, ROOT, tempDir, vsixPath } from './lib/env.mjs';
import { launchBrowser, Workbench } from './lib/workbench.mjs';

const CR = 'credrequests/assume-dev-dynamodb-reader.yaml';
const DEPLOYMENT = 'deployment.yaml';
/** Guide mistakes that must be reported whatever else the rules add (seed guide: "Using the Secrets"). */
const ANCHORS = [
  { file: CR, ruleId: 'yaml-syntax', line: 7 },
  { file: DEPLOYMENT, ruleId: 'deprecated-service-account', line: 31 },
];
/** Line 31 of the guide's Deployment: `      serviceAccount: dev-db-reader`. */
const SA_LINE = 31;
const SA_KEY_COL = 7;
const SA_VALUE_COL = 23;
const SA_VALUE = 'dev-db-reader';
const RENAMED_SA = 'dev-db-renamed';
/** Wizard answers by step number; other steps keep the proposed default. */
const WIZARD_ANSWERS = { 1: 'team-a', 2: 'orders-reader' };
const SCAFFOLD_DIR = 'team-a';

const s = {}; // shared state of the run
const timings = {};
let stepNo = 0;

function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

before(async () => {
  const t0 = Date.now();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  s.setup = loadSetup();
  s.vsix = vsixPath();
  s.root = tempDir('irsa-e2e-');
  s.dirs = prepareProfile(s.root);
  s.ws = copyGuide(s.root);
  // An empty folder for the wizard to write into, so its .irsa.yaml/README.md meet no existing file.
  mkdirSync(join(s.ws, SCAFFOLD_DIR));
  log(`temp root ${s.root}; vsix ${s.vsix.file} (${s.vsix.bytes} bytes)`);
  let t = Date.now();
  installExtension(s.setup, s.dirs, s.vsix.file, `${s.vsix.publisher}.${s.vsix.name}`);
  timings.installExtension = Date.now() - t;
  // The oracle is the CLI shipped in the same package as the server under test.
  s.cli = join(s.dirs.extensions, `${s.vsix.publisher}.${s.vsix.name}-${s.vsix.version}`, 'dist', 'cli.js');
  s.baseline = cliFindings(s.ws, s.cli);
  t = Date.now();
  s.server = await startCodeServer(s.setup, s.dirs, s.ws);
  timings.startCodeServer = Date.now() - t;
  t = Date.now();
  const { context, page } = await launchBrowser(s.setup.chromium, join(s.root, 'chromium'));
  s.context = context;
  s.wb = new Workbench(page);
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  await s.wb.open(s.server.url);
  timings.loadWorkbench = Date.now() - t;
  timings.before = Date.now() - t0;
  log(`ready in ${timings.before} ms (${JSON.stringify(timings)})`);
});

after(async () => {
  writeFileSync(join(ARTIFACTS, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  await s.context?.close().catch(() => {});
  await s.server?.stop();
  if (s.server) writeFileSync(join(ARTIFACTS, 'code-server.log'), s.server.output());
  // The extension host and our language server log under the user-data dir; keep them for diagnosis.
  const logs = join(s.dirs?.userData ?? '', 'logs');
  if (s.dirs && existsSync(logs)) cpSync(logs, join(ARTIFACTS, 'vscode-logs'), { recursive: true });
  if (s.root && !process.env.IRSA_E2E_KEEP) rmSync(s.root, { recursive: true, force: true });
});

/**
 * One step of the issue: runs `fn`, then saves a screenshot `<NN>-<slug>.png`; on failure
 * `<NN>-<slug>.FAILED.png` and the error in `failure-<NN>.txt`.
 */
function step(title, slug, fn) {
  const n = String(++stepNo).padStart(2, '0');
  test(`${n} ${title}`, async () => {
    const t = Date.now();
    if (!s.wb) throw new Error('the workbench did not load (see the before hook)');
    try {
      await fn();
      await s.wb.screenshot(join(ARTIFACTS, `${n}-${slug}.png`));
    } catch (err) {
      await s.wb.screenshot(join(ARTIFACTS, `${n}-${slug}.FAILED.png`)).catch(() => {});
      writeFileSync(join(ARTIFACTS, `failure-${n}.txt`), `${title}\n\n${err?.stack ?? err}\n`);
      // Leave no widget open for the next step.
      await s.wb.page.keyboard.press('Escape').catch(() => {});
      await s.wb.page.keyboard.press('Escape').catch(() => {});
      throw err;
    } finally {
      timings[`step${n}-${slug}`] = Date.now() - t;
      log(`step ${n} ${slug}: ${Date.now() - t} ms`);
    }
  });
}

/** Workspace-relative path of an absolute path shown in the Problems view. */
function rel(abs) {
  return abs.startsWith(`${s.ws}/`) ? abs.slice(s.ws.length + 1) : abs;
}

function keysOf(findings) {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
}

function rowsAsFindings(rows) {
  return rows.map((r) => ({ file: rel(r.file), ruleId: r.code, line: r.line, column: r.column }));
}

/**
 * What the CLI reports after `edit(text) → text` is applied to `file` in a copy of the current
 * workspace files (the editor's unsaved change, reproduced on disk).
 */
function cliAfterEdit(file, edit) {
  const copy = join(tempDir('irsa-e2e-oracle-'), 'guide');
  cpSync(s.ws, copy, { recursive: true });
  const p = join(copy, file);
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
  try {
    return cliFindings(copy, s.cli);
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

/** Replaces the 1-based line `line` of `text` by `fn(oldLine)`. */
function replaceLine(text, line, fn) {
  const lines = text.split('\n');
  lines[line - 1] = fn(lines[line - 1]);
  return lines.join('\n');
}

/** Waits until the Problems rows of `files` are exactly `expected` (file, line, column, rule id). */
async function expectProblems(what, files, expected) {
  const want = keysOf(expected.filter((f) => files.includes(f.file)));
  const rows = await s.wb.waitProblems(
    what,
    (r) => r.source === 'irsa' && files.includes(rel(r.file)),
    (rs) => JSON.stringify(keysOf(rowsAsFindings(rs))) === JSON.stringify(want),
  ).catch(async (err) => {
    const p = await s.wb.problems();
    throw new Error(`${err.message}\nexpected (from irsa-lint):\n  ${want.join('\n  ')}\nProblems view (${p.total} rows):\n  ${keysOf(rowsAsFindings(p.items)).join('\n  ')}`);
  });
  return rows;
}

function assertAnchors(findings) {
  for (const a of ANCHORS) {
    assert.ok(
      findings.some((f) => f.file === a.file && f.ruleId === a.ruleId && f.line === a.line),
      `irsa-lint no longer reports ${a.ruleId} at ${a.file}:${a.line}: ${JSON.stringify(keysOf(findings))}`,
    );
  }
}

step('opens the CredentialsRequest and the Deployment; the Problems view lists the expected diagnostics', 'diagnostics', async () => {
  assertAnchors(s.baseline);
  await s.wb.openFile(CR);
  await s.wb.openFile(DEPLOYMENT);
  await expectProblems('the guide diagnostics of the CredentialsRequest and the Deployment', [CR, DEPLOYMENT], s.baseline);
});

step('renaming the service account in the Deployment breaks the link; undo removes the diagnostic', 'cross-file-link', async () => {
  const after = cliAfterEdit(DEPLOYMENT, (t) => replaceLine(t, SA_LINE, (l) => l.replace(SA_VALUE, RENAMED_SA)));
  const added = after.filter((f) => !keysOf(s.baseline).includes(keysOf([f])[0]));
  assert.ok(
    added.some((f) => f.ruleId === 'service-account-mismatch' && f.file === DEPLOYMENT),
    `irsa-lint reports no service-account-mismatch after the rename: ${JSON.stringify(keysOf(added))}`,
  );
  await s.wb.openFile(DEPLOYMENT);
  await s.wb.goTo(SA_LINE, SA_VALUE_COL);
  await s.wb.page.keyboard.press('Shift+End');
  // insertText: one input event, hence one undo stop.
  await s.wb.page.keyboard.insertText(RENAMED_SA);
  await expectProblems('the diagnostics after renaming the service account', [CR, DEPLOYMENT], after);
  await s.wb.screenshot(join(ARTIFACTS, `02-cross-file-link-broken.png`));
  await s.wb.page.keyboard.press('Control+Z');
  await expectProblems('the diagnostics after undo', [CR, DEPLOYMENT], s.baseline);
  const text = await s.wb.editorText();
  assert.ok(text?.includes(`serviceAccount: ${SA_VALUE}`), `undo did not restore line ${SA_LINE}:\n${text}`);
});

step('applies a quick fix from the Quick Fix menu; its diagnostic clears', 'quick-fix', async () => {
  const fixed = (t) => replaceLine(t, SA_LINE, (l) => l.replace('serviceAccount:', 'serviceAccountName:'));
  const after = cliAfterEdit(DEPLOYMENT, fixed);
  assert.ok(!after.some((f) => f.file === DEPLOYMENT && f.ruleId === 'deprecated-service-account'), 'irsa-lint still reports deprecated-service-account after the fix');
  await s.wb.openFile(DEPLOYMENT);
  await s.wb.goTo(SA_LINE, SA_KEY_COL);
  const titles = await s.wb.openQuickFixMenu();
  const title = titles.find((x) => x.includes('serviceAccountName'));
  assert.ok(title, `no quick fix mentioning serviceAccountName in the menu: ${JSON.stringify(titles)}`);
  await s.wb.screenshot(join(ARTIFACTS, '03-quick-fix-menu.png'));
  await s.wb.chooseQuickFix(title);
  await expectProblems('the diagnostics after the quick fix', [CR, DEPLOYMENT], after);
  const text = await s.wb.editorText();
  assert.ok(text?.includes(`serviceAccountName: ${SA_VALUE}`), `the quick fix did not rewrite line ${SA_LINE}:\n${text}`);
  await s.wb.page.keyboard.press('Control+S');
  await s.wb.until('the Deployment to be saved', async () => !(await s.wb.page.locator('.tabs-container .tab.active.dirty').count()));
});

step('IRSA: New Credential Set… writes a set that has zero IRSA problems', 'scaffold', async () => {
  await s.wb.runCommand('IRSA: New Credential Set…');
  // Folder: "Choose a folder…" then the (simple) folder dialog, answered with the empty team-a folder.
  // The list may render progressively: wait for the "Choose a folder…" entry (or the first wizard step).
  const st = await s.wb.until('the folder question', async () => {
    const q = await s.wb.quickInputState();
    return q.visible && (q.rows?.some((r) => r.includes('Choose a folder')) || /\(1\/\d+\)/.test(q.title)) ? q : false;
  });
  if (st.rows.some((r) => r.includes('Choose a folder'))) {
    await s.wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Choose a folder' }).first().click();
    // Wait until the dialog has listed its first folder: until then it may still rewrite its input.
    await s.wb.until('the folder dialog and its listing', async () => {
      const q = await s.wb.quickInputState();
      return q.visible && q.value.startsWith('/') && (q.rows?.length ?? 0) > 0 ? q : false;
    });
    // The simple folder dialog: typing a folder path lists that folder once it has navigated there
    // (by itself, or on Enter); Enter then accepts it. team-a/ is empty: its list is just "..".
    const target = `${s.ws}/${SCAFFOLD_DIR}/`;
    // "listing": the dialog shows team-a/; "started": Enter already accepted it and the wizard runs.
    const where = async () => {
      const q = await s.wb.quickInputState();
      if (!q.visible) return false;
      if (/\(1\/\d+\)/.test(q.title)) return 'started';
      return q.value === target && q.rows?.length === 1 && q.rows[0] === '..' ? 'listing' : false;
    };
    // The dialog completes paths as they are typed and may merge a late update of its own into the
    // input (seen under load: "<its folder>/<our path>"): type again until the input holds our path.
    for (let attempt = 1; ; attempt++) {
      await s.wb.page.locator('.quick-input-widget .quick-input-box input').fill(target);
      const typed = await s.wb.until('the folder path in the dialog', async () => (await s.wb.quickInputState()).value === target, { timeoutMs: 3000 }).catch(() => false);
      if (typed) break;
      if (attempt === 5) throw new Error(`the folder dialog did not keep the path ${target}: ${JSON.stringify(await s.wb.quickInputState())}`);
    }
    let state = await s.wb.until('the dialog to list team-a/', where, { timeoutMs: 5000 }).catch(() => false);
    if (!state) {
      await s.wb.page.keyboard.press('Enter');
      state = await s.wb.until('the dialog to list team-a/ (or the wizard to start) after Enter', where);
    }
    if (state === 'listing') await s.wb.page.keyboard.press('Enter');
  }
  // The wizard: "IRSA: New Credential Set (k/N)" steps until it opens the set's README.md. Between two
  // steps the quick input hides for a moment, so "hidden" alone does not mean the end.
  const seen = new Set();
  for (;;) {
    const q = await s.wb.until('the next wizard step or the README.md of the new set', async () => {
      const tab = (await s.wb.page.locator('.tabs-container .tab.active').getAttribute('aria-label').catch(() => null)) ?? '';
      if (tab.startsWith('README.md')) return { done: true };
      const x = await s.wb.quickInputState();
      if (!x.visible) return false;
      const m = /\((\d+)\/(\d+)\)/.exec(x.title);
      if (!m || seen.has(Number(m[1]))) return false;
      // Ready for typing: the input has focus.
      const focused = await s.wb.page.evaluate(() => !!document.activeElement?.closest('.quick-input-widget'));
      return focused ? { ...x, step: Number(m[1]), total: Number(m[2]) } : false;
    });
    if (q.done) break;
    seen.add(q.step);
    const answer = WIZARD_ANSWERS[q.step];
    const box = s.wb.page.locator('.quick-input-widget .quick-input-box input');
    if (answer !== undefined) {
      await box.fill(answer);
      await s.wb.until(`step ${q.step} to hold "${answer}"`, async () => (await box.inputValue()) === answer);
    }
    log(`wizard step ${q.step}/${q.total}: ${q.title} = ${answer ?? (q.value || q.rows?.[0] || '')}`);
    await s.wb.page.keyboard.press('Enter');
  }
  assert.ok(seen.size >= 2, `the wizard asked ${seen.size} questions`);
  const oracle = cliFindings(s.ws, s.cli);
  // The explorer shows the new folder's files (expand it).
  const folderRow = s.wb.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${SCAFFOLD_DIR}"]`).first();
  await folderRow.click();
  await s.wb.until(`${SCAFFOLD_DIR}/ to expand in the explorer`, async () => {
    if ((await folderRow.getAttribute('aria-expanded')) === 'true') return true;
    await s.wb.page.keyboard.press('ArrowRight'); // the clicked row has focus: expand it
    return false;
  });
  const rows = await s.wb.until('the scaffolded files in the explorer', async () => {
    const r = await s.wb.explorerRows();
    return ['credrequests', 'manifests', 'README.md', 'ccoctl.sh'].every((n) => r.includes(n)) ? r : false;
  });
  log(`explorer: ${rows.join(', ')}`);
  // The Problems view shows what irsa-lint reports for the whole workspace, and nothing under team-a/.
  await s.wb.waitProblems(
    'the Problems view to match irsa-lint on the whole workspace',
    (r) => r.source === 'irsa',
    (rs) => JSON.stringify(keysOf(rowsAsFindings(rs))) === JSON.stringify(keysOf(oracle)),
  );
  const inSet = oracle.filter((f) => f.file.startsWith(`${SCAFFOLD_DIR}/`));
  assert.deepEqual(keysOf(inSet), [], `the editor and irsa-lint agree, but find problems in the scaffolded set ${SCAFFOLD_DIR}/`);
});

step('inserts a snippet by typing its prefix in a new YAML file', 'snippet', async () => {
  const file = join(ROOT, 'snippets', 'yaml.json');
  assert.ok(existsSync(file), 'snippets/yaml.json does not exist yet');
  const snippets = Object.values(JSON.parse(readFileSync(file, 'utf8')));
  const snippet = snippets.find((x) => [x.body].flat().join('\n').includes('kind: CredentialsRequest')) ?? snippets[0];
  const prefix = [snippet.prefix].flat()[0];
  assert.match(prefix, /^irsa-/);
  await s.wb.page.keyboard.press('Control+N');
  await s.wb.until('a new untitled editor', async () => /^Untitled-\d/.test((await s.wb.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? ''));
  await s.wb.runCommand('Change Language Mode');
  await s.wb.page.keyboard.type('YAML');
  const row = await s.wb.until('YAML in the language picker', async () => (await s.wb.quickInputState()).rows?.find((r) => /^YAML\b/.test(r)));
  await s.wb.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label="${row}"]`).first().click();
  await s.wb.until('the editor language to be YAML', async () => (await s.wb.page.locator('.statusbar-item[id$="status.editor.mode"]').textContent().catch(() => '')).includes('YAML'));
  const firstLine = [snippet.body].flat().join('\n').split('\n').find((l) => l.trim() && !l.includes('$'));
  // Typing the prefix and accepting the suggestion, up to three times: under load the suggest widget
  // can re-render between reading its rows and the click (a CI run once accepted a word completion
  // in place of the snippet: `irsa-credentials-CredentialsRequest`). Each attempt starts from an empty
  // editor; a snippet that never expands still fails.
  for (let attempt = 1; ; attempt++) {
    await s.wb.focusEditor();
    await s.wb.page.keyboard.press('Control+A');
    await s.wb.page.keyboard.press('Delete');
    await s.wb.page.keyboard.type(prefix);
    const labels = await s.wb.until(`the suggestion ${prefix}`, async () => {
      const l = await s.wb.suggestions();
      return l.some((x) => x.includes(prefix)) ? l : false;
    }, { timeoutMs: 10_000 }).catch(async () => {
      await s.wb.page.keyboard.press('Control+Space'); // quick suggestions may be slow to show: ask
      return s.wb.until(`the suggestion ${prefix} (Ctrl+Space)`, async () => {
        const l = await s.wb.suggestions();
        return l.some((x) => x.includes(prefix)) ? l : false;
      });
    });
    log(`suggestions (attempt ${attempt}): ${labels.join(' | ')}`);
    await s.wb.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').filter({ hasText: prefix }).first().click();
    const expanded = await s.wb.until('the expanded snippet in the editor', async () => {
      const t = await s.wb.editorText();
      return t && !t.includes(prefix) && t.includes(firstLine.trim()) ? t : false;
    }, { timeoutMs: attempt < 3 ? 15_000 : 60_000 }).catch((e) => {
      if (attempt >= 3) throw e;
      return undefined;
    });
    if (expanded) break;
    log(`attempt ${attempt}: the editor holds ${JSON.stringify((await s.wb.editorText())?.slice(0, 80))}; typing the prefix again`);
  }
});

// (issue #16) The credential chain webview. code-server hosts a webview in an `iframe.webview` whose
// page holds our document in `iframe#active-frame` (VS Code's webview host page, pre/index.html).
// Written without a run here (the lead runs this suite): selectors from VS Code's webview host.

/** The credential chain page (the first ready webview: the only one this run opens). */
function chainPage() {
  return s.wb.page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/** Titles (tooltip and accessible name) of the chain's edges in `state` (`ok`, `warning`, `error`). */
async function chainEdges(state) {
  return chainPage().locator(`g.edge.${state}`).evaluateAll((gs) => gs.map((g) => g.querySelector('title')?.textContent ?? ''));
}

/** The 1-based cursor line in the status bar ("Ln 4, Col 3"), or undefined. */
async function cursorLine() {
  const t = await s.wb.page.locator('.statusbar-item[id$="status.editor.selection"]').textContent().catch(() => '');
  const m = /Ln (\d+)/.exec(t ?? '');
  return m ? Number(m[1]) : undefined;
}

step('IRSA: Show Credential Chain draws the guide with its broken links in red', 'chain-open', async () => {
  await s.wb.runCommand('IRSA: Show Credential Chain');
  // The panel opens beside the editor: in the second group, whose active tab is not the first match.
  await s.wb.until('the chain panel tab', async () => (await s.wb.page.locator('.tabs-container .tab[aria-label^="IRSA: Credential Chain"]').count()) > 0);
  await s.wb.until('the chain to be drawn', async () => (await chainPage().locator('svg.chain g.node').count()) > 0);
  const status = await chainPage().locator('#status').textContent();
  log(`chain: ${status}`);
  // The guide as published has errors on its trust policy (iam-version, json-syntax,
  // iam-action-required: see `npm run lint:guide`): at least one link or box of the set is red.
  const red = await s.wb.until('a red link or box', async () => {
    const edges = await chainEdges('error');
    const nodes = await chainPage().locator('g.node.error').count();
    return edges.length || nodes ? { edges, nodes } : false;
  });
  log(`red: ${JSON.stringify(red)}`);
});

step('clicking a box of the chain opens its file at its line', 'chain-click-node', async () => {
  const node = chainPage().locator('g.node', { hasText: 'my-app' }).first();
  const label = (await node.locator('title').textContent()) ?? '';
  // "Workload my-app (…)\nnamespace: my-namespace\nfile: deployment.yaml:4\n…"
  const m = /file: ([^\n:]+):(\d+)/.exec(label);
  assert.ok(m, `no file:line in the box's label: ${label}`);
  // A first view opens readable at the picture's top-left: the whole picture (Fit) puts the box in view.
  await chainPage().locator('#fit').click();
  await node.click();
  await s.wb.waitActiveEditor(m[1]);
  await s.wb.until(`the cursor on line ${m[2]}`, async () => (await cursorLine()) === Number(m[2]));
});

step('a quick fix turns a red link of the chain green', 'chain-quick-fix', async () => {
  // Break the service account link (the Deployment runs as an account the CredentialsRequest does not
  // name), see the link turn red, then apply the quick fix that adds the account to serviceAccountNames.
  // In the first group: opened in the chain's group, the Deployment would hide the picture.
  await s.wb.runCommand('View: Focus First Editor Group');
  // The click of the step before opened it there. Quick Open would have to choose between the guide's
  // deployment.yaml and the one the wizard wrote in team-a/.
  const active = (await s.wb.page.locator('.tabs-container .tab.active').first().getAttribute('aria-label').catch(() => '')) ?? '';
  if (!active.startsWith(DEPLOYMENT)) await s.wb.openFile(DEPLOYMENT);
  const text = (await s.wb.editorText()) ?? '';
  const line = text.split('\n')[SA_LINE - 1] ?? '';
  const col = line.indexOf(SA_VALUE) + 1;
  assert.ok(col > 0, `line ${SA_LINE} does not name ${SA_VALUE}: ${line}`);
  await s.wb.goTo(SA_LINE, col);
  await s.wb.page.keyboard.press('Shift+End');
  await s.wb.page.keyboard.insertText(RENAMED_SA);
  const isSaLink = (l) => l.startsWith('serviceAccount: ') && l.includes(RENAMED_SA);
  const isSaEdge = (l) => l.startsWith('serviceAccount: ');
  await s.wb.until('the service account link to turn red', async () => (await chainEdges('error')).some(isSaLink));
  await s.wb.screenshot(join(ARTIFACTS, `chain-service-account-red.png`));
  await s.wb.focusEditor();
  await s.wb.goTo(SA_LINE, col);
  const titles = await s.wb.openQuickFixMenu();
  // Either repair: add the account to the request's serviceAccountNames, or run the Deployment as the
  // account the request names (service-account-mismatch offers the one that fits the set).
  const title = titles.find((x) => x.includes('serviceAccountNames')) ?? titles.find((x) => x.startsWith(`Run Deployment \`my-app\` as service account \`${SA_VALUE}\``));
  assert.ok(title, `no quick fix that repairs the service account link: ${JSON.stringify(titles)}`);
  await s.wb.chooseQuickFix(title);
  // Green under either name: the account added to serviceAccountNames, or the Deployment back on the
  // account the request names; no service account link of the picture is red any more.
  await s.wb.until('the service account link to turn green', async () => {
    const [ok, red] = [await chainEdges('ok'), await chainEdges('error')];
    const fixed = ok.filter((l) => isSaEdge(l) && (l.includes(RENAMED_SA) || l.includes(SA_VALUE)));
    return fixed.length && !red.some(isSaEdge) ? fixed : false;
  });
});

step("the guide's set alone, its editor group maximised: the README's picture", 'chain-readme', async () => {
  const set = chainPage().locator('#set');
  const labels = await set.locator('option').allTextContents();
  const label = labels.find((l) => l.includes('dev-dynamodb-reader'));
  assert.ok(label, `no set of the guide's CredentialsRequest among ${JSON.stringify(labels)}`);
  await set.selectOption({ label });
  await s.wb.runCommand('View: Toggle Primary Side Bar Visibility');
  // The panel's group alone (VS Code's "Toggle Maximize Editor Group", Ctrl+K Ctrl+M; the palette does
  // not list it here), the Problems view kept below it: the chain drawn at a size a README reader can
  // read, with the findings it colours.
  await s.wb.page.locator('.tabs-container .tab[aria-label^="IRSA: Credential Chain"]').first().click();
  await s.wb.page.keyboard.press('Control+K');
  await s.wb.page.keyboard.press('Control+M');
  // The empty secondary side bar (right) is not part of the picture.
  await s.wb.page.keyboard.press('Control+Alt+B');
  await chainPage().locator('#fit').click();
  await s.wb.until('one set drawn', async () => (await chainPage().locator('g.set').count()) === 1);
  await s.wb.page.waitForTimeout(500);
});
