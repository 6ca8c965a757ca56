/**
 * `IRSA: New Credential Set…` over a scripted fake of the `vscode` API (the real editor is driven in
 * test/e2e): every input box validates as you type, the files go out as ONE WorkspaceEdit of
 * `createFile` without overwrite, and existing files that differ are replaced only after a modal
 * "Overwrite" (and kept with "Keep Existing Files" or Escape).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { withDefaults } from '../../shared/src/scaffold/options';
import { renderScaffold } from '../../shared/src/scaffold/render';
import { fakeModule } from '../helpers/fake-module';

type Answer = string | undefined;

class FakeUri {
  constructor(readonly fsPath: string) {}
  static file(p: string): FakeUri {
    return new FakeUri(path.resolve(p));
  }
  static joinPath(u: FakeUri, ...segs: string[]): FakeUri {
    return new FakeUri(path.join(u.fsPath, ...segs));
  }
  toString(): string {
    return pathToFileURL(this.fsPath).toString();
  }
}

interface CreateOp {
  uri: FakeUri;
  options: { overwrite?: boolean; ignoreIfExists?: boolean; contents?: Uint8Array };
}

class FakeWorkspaceEdit {
  readonly ops: CreateOp[] = [];
  createFile(uri: FakeUri, options: CreateOp['options']): void {
    this.ops.push({ uri, options });
  }
}

/** What the fake editor saw and how it answers. */
const ui = {
  inputs: [] as { prompt: string; value: string; validation: string | undefined }[],
  answers: new Map<RegExp, string>(),
  modal: [] as { message: string; detail: string }[],
  modalAnswer: undefined as Answer,
  edits: [] as FakeWorkspaceEdit[],
  errors: [] as string[],
  warnings: [] as string[],
  /** Root of the (single) workspace folder, when the test has one. */
  root: undefined as FakeUri | undefined,
};

const FileType = { File: 1, Directory: 2 };
const fakeVscode = {
  Uri: FakeUri,
  FileType,
  WorkspaceEdit: FakeWorkspaceEdit,
  commands: { registerCommand: () => ({ dispose() {} }) },
  workspace: {
    workspaceFolders: undefined,
    textDocuments: [],
    getWorkspaceFolder: (u: FakeUri) => (ui.root && (u.fsPath + path.sep).startsWith(ui.root.fsPath + path.sep) ? { uri: ui.root } : undefined),
    asRelativePath: (u: FakeUri) => path.relative(ui.root?.fsPath ?? '', u.fsPath).split(path.sep).join('/'),
    fs: {
      stat: async (u: FakeUri) => {
        const st = fs.statSync(u.fsPath);
        return { type: st.isDirectory() ? FileType.Directory : FileType.File };
      },
      readFile: async (u: FakeUri) => fs.readFileSync(u.fsPath),
    },
    applyEdit: async (edit: FakeWorkspaceEdit) => {
      ui.edits.push(edit);
      // Apply like VS Code: the whole edit fails if a createFile without overwrite meets a file.
      if (edit.ops.some((op) => !op.options.overwrite && fs.existsSync(op.uri.fsPath))) return false;
      for (const op of edit.ops) {
        fs.mkdirSync(path.dirname(op.uri.fsPath), { recursive: true });
        fs.writeFileSync(op.uri.fsPath, op.options.contents ?? new Uint8Array());
      }
      return true;
    },
    openTextDocument: async (u: FakeUri) => ({ uri: u }),
  },
  window: {
    showInputBox: async (o: { prompt: string; value: string; validateInput: (s: string) => string | undefined }) => {
      let value = o.value;
      for (const [re, v] of ui.answers) if (re.test(o.prompt)) value = v;
      ui.inputs.push({ prompt: o.prompt, value, validation: o.validateInput(value) });
      assert.notEqual(o.validateInput('Not A Valid Value!'), undefined, `${o.prompt}: validates as you type`);
      return value;
    },
    showQuickPick: async <T>(items: T[]) => items[0],
    showWarningMessage: async (message: string, opts?: { modal?: boolean; detail?: string }) => {
      if (opts?.modal) {
        ui.modal.push({ message, detail: opts.detail ?? '' });
        return ui.modalAnswer;
      }
      ui.warnings.push(message);
      return undefined;
    },
    showErrorMessage: async (m: string) => {
      ui.errors.push(m);
      return undefined;
    },
    showInformationMessage: async () => undefined,
    showTextDocument: async () => undefined,
    showOpenDialog: async () => undefined,
  },
};

let newCredentialSet: (target?: unknown) => Promise<void>;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-cmd-'));
let restoreVscode: () => void;

before(() => {
  restoreVscode = fakeModule('vscode', fakeVscode, TMP);
  newCredentialSet = (require('../../client/src/commands/scaffold') as { newCredentialSet: typeof newCredentialSet }).newCredentialSet;
});
after(() => {
  restoreVscode();
  fs.rmSync(TMP, { recursive: true, force: true });
});

function reset(modalAnswer?: string): void {
  ui.inputs.length = 0;
  ui.modal.length = 0;
  ui.edits.length = 0;
  ui.errors.length = 0;
  ui.warnings.length = 0;
  ui.root = undefined;
  ui.modalAnswer = modalAnswer;
  ui.answers = new Map([
    [/^Namespace/, 'team-a'],
    [/^Service account/, 'orders-reader'],
  ]);
}

const EXPECTED = renderScaffold(withDefaults({ namespace: 'team-a', serviceAccount: 'orders-reader' }));

describe('IRSA: New Credential Set… (fake vscode)', () => {
  it('asks every value with validation and writes the set as one edit of createFile without overwrite', async () => {
    reset();
    const folder = path.join(TMP, 'empty');
    fs.mkdirSync(folder);
    await newCredentialSet(FakeUri.file(folder));
    assert.deepEqual(ui.errors, []);
    assert.equal(ui.inputs.length, 10);
    assert.ok(ui.inputs.every((i) => i.validation === undefined), JSON.stringify(ui.inputs));
    assert.equal(ui.edits.length, 1);
    assert.deepEqual(
      ui.edits[0]!.ops.map((op) => [path.relative(folder, op.uri.fsPath).split(path.sep).join('/'), op.options.overwrite]),
      EXPECTED.map((f) => [f.path, false]),
    );
    for (const f of EXPECTED) assert.equal(fs.readFileSync(path.join(folder, ...f.path.split('/')), 'utf8'), f.content);
    assert.deepEqual(ui.modal, []);
  });

  it('asks (modal) before touching changed files; Escape writes nothing', async () => {
    const folder = path.join(TMP, 'existing');
    fs.mkdirSync(path.join(folder, 'manifests'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'ccoctl.sh'), 'mine\n');
    fs.writeFileSync(path.join(folder, 'manifests', 'orders-reader-serviceaccount.yaml'), EXPECTED[1]!.content);

    reset(undefined);
    await newCredentialSet(FakeUri.file(folder));
    assert.equal(ui.modal.length, 1);
    assert.match(ui.modal[0]!.message, /^1 file\(s\) of the credential set already exist in .* with other content\. Overwrite them\?$/);
    assert.match(ui.modal[0]!.detail, /^ccoctl\.sh\n/);
    assert.equal(ui.edits.length, 0);
    assert.equal(fs.readFileSync(path.join(folder, 'ccoctl.sh'), 'utf8'), 'mine\n');

    reset('Keep Existing Files');
    await newCredentialSet(FakeUri.file(folder));
    assert.equal(ui.edits.length, 1);
    const written = ui.edits[0]!.ops.map((op) => path.relative(folder, op.uri.fsPath).split(path.sep).join('/'));
    assert.ok(!written.includes('ccoctl.sh') && !written.includes('manifests/orders-reader-serviceaccount.yaml'));
    assert.equal(written.length, EXPECTED.length - 2);
    assert.ok(ui.edits[0]!.ops.every((op) => op.options.overwrite === false));
    assert.equal(fs.readFileSync(path.join(folder, 'ccoctl.sh'), 'utf8'), 'mine\n');

    reset('Overwrite');
    await newCredentialSet(FakeUri.file(folder));
    assert.equal(ui.edits.length, 1);
    assert.deepEqual(
      ui.edits[0]!.ops.map((op) => [path.relative(folder, op.uri.fsPath), op.options.overwrite]),
      [['ccoctl.sh', true]],
    );
    assert.equal(fs.readFileSync(path.join(folder, 'ccoctl.sh'), 'utf8'), EXPECTED.find((f) => f.path === 'ccoctl.sh')!.content);
  });

  it("uses the workspace's .irsa.yaml in a sub-folder: its ccoctl name is the default and no nested .irsa.yaml is written", async () => {
    reset();
    const root = path.join(TMP, 'ws');
    const folder = path.join(root, 'team-a');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(root, '.irsa.yaml'), 'ccoctl:\n  name: shop-creds\n');
    ui.root = FakeUri.file(root);
    await newCredentialSet(FakeUri.file(folder));
    assert.deepEqual(ui.errors, []);
    assert.deepEqual(ui.warnings, []);
    assert.equal(ui.inputs.find((i) => /^ccoctl --name/.test(i.prompt))?.value, 'shop-creds');
    const written = ui.edits[0]!.ops.map((op) => path.relative(folder, op.uri.fsPath).split(path.sep).join('/'));
    assert.ok(!written.includes('.irsa.yaml'), written.join(', '));
    assert.ok(!fs.readFileSync(path.join(folder, 'README.md'), 'utf8').includes('.irsa.yaml'), 'the set README does not list a file it did not write');
    // The set is clean under the workspace's settings, as the editor and `irsa-lint <root>` see it.
    const { lintDocuments } = require('../../server/src/engine') as typeof import('../../server/src/engine');
    const { loadWorkspace, formatFindings } = require('../helpers/fixtures') as typeof import('../helpers/fixtures');
    const { documents, settings } = loadWorkspace(root);
    assert.equal(formatFindings(lintDocuments(documents, settings), root), '');
  });

  it('warns when the set uses another ccoctl name than the workspace', async () => {
    reset();
    const root = path.join(TMP, 'ws2');
    const folder = path.join(root, 'team-b');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(root, '.irsa.yaml'), 'ccoctl:\n  name: shop-creds\n');
    ui.root = FakeUri.file(root);
    ui.answers.set(/^ccoctl --name/, 'other-creds');
    await newCredentialSet(FakeUri.file(folder));
    assert.deepEqual(ui.warnings, [
      'IRSA: New Credential Set: .irsa.yaml sets ccoctl name "shop-creds", but this set uses "other-creds"; the checks use the workspace\'s value.',
    ]);
  });
});
