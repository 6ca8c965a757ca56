// Drives the VS Code workbench (code-server in headless Chromium) through its real UI: keyboard,
// quick input, editor, Problems view, suggest and code action widgets. Every wait polls the DOM until
// a condition holds or a deadline passes; a timeout error carries what was last seen.
import { chromium } from 'playwright-core';

/** Chromium flags: no sandbox (container, root), no GPU, and nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Default deadline of one wait; the machine may be busy (CI, 2 CPUs), so it is generous. */
export const WAIT_MS = Number(process.env.IRSA_E2E_WAIT_MS ?? 60_000);

/** Opens headless Chromium with a fresh profile in `userDataDir`; returns `{ context, page }`. */
export async function launchBrowser(executablePath, userDataDir) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    // The clipboard is used by nothing here; deny every permission prompt.
    permissions: [],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

const sel = {
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeTab: '.editor-group-container.active .tabs-container .tab.active',
  activeEditor: '.editor-group-container.active .monaco-editor',
  problemsRow: '.markers-panel .monaco-list-row',
  suggestRow: '.editor-widget.suggest-widget.visible .monaco-list-row',
  actionRow: '.action-widget .monaco-list-row.action',
  explorerRow: '.explorer-folders-view .monaco-list-row',
};

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /**
   * Polls `probe` (run in Node, may use the page) until it returns a truthy value; returns it.
   * Throws `what` plus the last probe result (`describe(last)`) when `timeoutMs` passes.
   */
  async until(what, probe, { timeoutMs = WAIT_MS, intervalMs = 250, describe = (v) => JSON.stringify(v, null, 1) } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    let lastError;
    for (;;) {
      try {
        last = await probe();
        lastError = undefined;
        if (last) return last;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() > deadline) {
        const seen = lastError ? `error: ${lastError.message}` : describe(last);
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last seen: ${seen}`);
      }
      await this.page.waitForTimeout(intervalMs); // polling interval of the deadline loop, not a fixed sleep
    }
  }

  /** Loads `url` and waits for the explorer of the opened folder to list its entries. */
  async open(url) {
    await this.page.goto(url, { waitUntil: 'commit', timeout: WAIT_MS * 2 });
    await this.until('the workbench and the explorer', async () => (await this.page.locator(sel.explorerRow).count()) > 0, { timeoutMs: WAIT_MS * 2 });
  }

  async quickInputVisible() {
    return this.page.locator(sel.quickInput).isVisible();
  }

  async quickInputState() {
    return this.page.evaluate((s) => {
      const w = document.querySelector(s.quickInput);
      if (!w || getComputedStyle(w).display === 'none') return { visible: false };
      const title = w.querySelector('.quick-input-title')?.textContent ?? '';
      const input = w.querySelector('.quick-input-box input');
      const message = w.querySelector('.quick-input-message')?.textContent ?? '';
      const rows = [...w.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? r.textContent);
      return { visible: true, title, value: input?.value ?? '', placeholder: input?.getAttribute('placeholder') ?? '', message, rows };
    }, sel);
  }

  /** Waits for the quick input to close. */
  async quickInputClosed(what = 'the quick input to close') {
    await this.until(what, async () => !(await this.quickInputVisible()), { describe: () => '' });
  }

  /**
   * Command palette: F1, type `label`, run the entry whose label starts with it.
   * @param label the command's full title as shown, e.g. "IRSA: New Credential Set…".
   */
  async runCommand(label) {
    await this.page.keyboard.press('F1');
    await this.until('the command palette', () => this.page.locator(sel.quickInputBox).isVisible());
    await this.page.keyboard.type(label.replace(/…$/, ''));
    const row = await this.until(`command "${label}" in the palette`, async () => {
      const s = await this.quickInputState();
      return s.rows?.find((r) => r.startsWith(label) || r.startsWith(label.replace(/…$/, '')));
    }, { describe: () => 'no such entry (is the extension active and the command contributed?)' });
    await this.page.locator(`${sel.quickInputRow}[aria-label^="${cssString(row)}"]`).first().click();
  }

  /**
   * Quick Open (Ctrl+P) of a workspace-relative path; waits until its editor tab is active.
   */
  async openFile(relPath) {
    const base = relPath.split('/').pop();
    await this.page.keyboard.press('Control+P');
    await this.until('Quick Open', () => this.page.locator(sel.quickInputBox).isVisible());
    await this.page.keyboard.type(relPath);
    // Rows are labelled "<file name>, file results" (the folder is not in the label): the typed path
    // narrows the list to the right file, and the first row with that name is taken.
    const row = await this.until(`${relPath} in Quick Open`, async () => {
      const s = await this.quickInputState();
      return s.rows?.find((r) => r === base || r.startsWith(`${base},`) || r.startsWith(`${base} `));
    }, { describe: () => 'no row with that file name' });
    await this.page.locator(`${sel.quickInputRow}[aria-label="${cssString(row)}"]`).first().click();
    await this.waitActiveEditor(base);
  }

  /** Waits until the active editor tab is `name`, and its text area has focus. */
  async waitActiveEditor(name) {
    await this.until(`editor tab ${name} to be active`, async () => {
      const label = await this.page.locator(sel.activeTab).getAttribute('aria-label').catch(() => null);
      return label !== null && (label === name || label.startsWith(`${name},`) || label.startsWith(`${name} `));
    });
  }

  /** Text of the active editor as rendered (all lines must be in view; used on short files). */
  async editorText() {
    return this.page.evaluate((s) => {
      const ed = document.querySelector(s.activeEditor);
      if (!ed) return null;
      const lines = [...ed.querySelectorAll('.view-lines .view-line')].map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent ?? '' }));
      lines.sort((a, b) => a.top - b.top);
      return lines.map((l) => l.text.replace(/\u00a0/g, ' ')).join('\n');
    }, sel);
  }

  /** Go to line/column in the active editor (Ctrl+G "line:col"). */
  async goTo(line, column = 1) {
    await this.page.keyboard.press('Control+G');
    await this.until('the Go to Line input', () => this.page.locator(sel.quickInputBox).isVisible());
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInputClosed('Go to Line to close');
    await this.until(`cursor at Ln ${line}, Col ${column}`, async () => {
      const t = await this.page.locator('.statusbar-item[id$="status.editor.selection"]').textContent().catch(() => '');
      return t.includes(`Ln ${line}, Col ${column}`) ? t : false;
    });
  }

  /** Shows the Problems view (without toggling it closed when it is already shown). */
  async showProblems() {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.until('the Problems view', () => this.page.locator('.markers-panel').isVisible());
    }
  }

  /**
   * Rows of the Problems view (table mode) as `{ severity, source, code, file, line, column, message }`;
   * `file` is the absolute path shown in the row's tooltip. `complete` is false when the virtual list
   * has not rendered every row (then the caller should maximize the panel).
   */
  async problems() {
    return this.page.evaluate((s) => {
      const rows = [...document.querySelectorAll(s.problemsRow)];
      const setsize = rows.length ? Number(rows[0].getAttribute('aria-setsize')) : 0;
      const items = rows.map((r) => {
        const codeTitle = r.querySelector('.code')?.getAttribute('title') ?? '';
        const m = /^(.*?) \((.*)\)$/.exec(codeTitle);
        const fileTitle = r.querySelector('.file')?.getAttribute('title') ?? '';
        const pos = /^(.*) \[Ln (\d+), Col (\d+)\]$/.exec(fileTitle);
        return {
          index: Number(r.getAttribute('data-index')),
          severity: (r.querySelector('.marker-icon')?.getAttribute('title') ?? '').toLowerCase(),
          source: m ? m[1] : codeTitle,
          code: m ? m[2] : '',
          file: pos ? pos[1] : fileTitle,
          line: pos ? Number(pos[2]) : 0,
          column: pos ? Number(pos[3]) : 0,
          message: r.querySelector('.message')?.getAttribute('title') ?? '',
        };
      });
      items.sort((a, b) => a.index - b.index);
      const empty = document.querySelector('.markers-panel .message-box-container')?.textContent ?? '';
      return { items, complete: items.length === setsize, total: setsize, empty };
    }, sel);
  }

  /**
   * Waits until the Problems rows for which `filter(row)` holds satisfy `check(rows)`; returns them.
   * @param what description for the timeout message.
   */
  async waitProblems(what, filter, check, timeoutMs = WAIT_MS) {
    await this.showProblems();
    let last;
    return this.until(what, async () => {
      const p = await this.problems();
      last = p;
      const rows = p.items.filter(filter);
      return p.complete && check(rows) ? rows : false;
    }, { timeoutMs, describe: () => JSON.stringify(last?.items.map((r) => `${r.file.split('/').slice(-2).join('/')}:${r.line}:${r.column} ${r.code}`) ?? last) });
  }

  /** Maximizes the panel (Problems) so every row fits; idempotent. */
  async maximizePanel() {
    const maximized = await this.page.locator('.monaco-workbench .part.panel .codicon-screen-normal').count();
    if (maximized === 0) await this.runCommand('View: Maximize Panel Size');
  }

  /** Restores the panel to its normal size (the editor is visible again). */
  async restorePanel() {
    const maximized = await this.page.locator('.monaco-workbench .part.panel .codicon-screen-normal').count();
    if (maximized > 0) await this.runCommand('View: Restore Panel Size');
  }

  /** Focuses the active editor's text area. */
  async focusEditor() {
    await this.page.keyboard.press('Control+1');
    await this.until('editor focus', () => this.page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')));
  }

  /** Opens the Quick Fix menu (Ctrl+.) and returns the titles of the actions it lists. */
  async openQuickFixMenu() {
    await this.page.keyboard.press('Control+.');
    let hint = '';
    return this.until('the Quick Fix menu', async () => {
      const titles = await this.page.locator(sel.actionRow).evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
      // "No code actions available" when the server offers none at the cursor.
      hint = (await this.page.locator('.monaco-editor-overlaymessage').allTextContents().catch(() => [])).join(' ') || hint;
      return titles.length ? titles : false;
    }, { describe: () => `no menu; editor message: "${hint}"` });
  }

  /** Clicks the Quick Fix menu entry labelled `text` (or whose visible text contains it). */
  async chooseQuickFix(text) {
    // `text` is a row's aria-label (the title plus ", Quick Fix") or part of its visible text.
    const row = this.page.locator(`${sel.actionRow}[aria-label="${cssString(text)}"]`).or(this.page.locator(sel.actionRow).filter({ hasText: text })).first();
    await row.click();
    await this.until('the Quick Fix menu to close', async () => (await this.page.locator(sel.actionRow).count()) === 0);
  }

  /** Labels of the visible suggest widget rows. */
  async suggestions() {
    return this.page.locator(sel.suggestRow).evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  }

  /** Labels of the explorer rows (only those rendered). */
  async explorerRows() {
    return this.page.locator(sel.explorerRow).evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
  }

  /** Screenshot of the whole window to `path`. */
  async screenshot(path) {
    await this.page.screenshot({ path });
  }
}

/** Escapes a string for a CSS attribute selector in double quotes. */
export function cssString(s) {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
