/**
 * `IRSA: Explain AWS Error…` (client/src/commands/explain.ts) over a scripted fake of the `vscode` API
 * and a stub language client: the text comes from the argument, else the editor's selection, else an
 * input box; it goes to the server as `irsa/explainError`; the causes are a quick pick whose file items
 * open the file with the cause's range selected.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ExplainErrorResult } from '../../shared/src/protocol';
import { fakeModule } from '../helpers/fake-module';

class FakeUri {
  constructor(readonly value: string) {}
  static parse(s: string): FakeUri {
    return new FakeUri(s);
  }
  toString(): string {
    return this.value;
  }
}
class FakeRange {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

const ui = {
  editor: undefined as { selection: { isEmpty: boolean }; document: { getText: (s: unknown) => string } } | undefined,
  inputAnswer: undefined as string | undefined,
  inputs: [] as { prompt: string; validation: string | undefined }[],
  picks: [] as { title: string; items: { label: string; description?: string; detail?: string }[] }[],
  pickIndex: 0 as number | undefined,
  opened: [] as { uri: string; selection?: FakeRange }[],
  warnings: [] as string[],
  infos: [] as string[],
};

const fakeVscode = {
  Uri: FakeUri,
  Range: FakeRange,
  ProgressLocation: { Window: 10 },
  workspace: {
    asRelativePath: (u: FakeUri) => u.value.replace(/^file:\/\/\/ws\//, ''),
    openTextDocument: async (u: FakeUri) => ({ uri: u }),
  },
  window: {
    get activeTextEditor() {
      return ui.editor;
    },
    withProgress: async <T>(_o: unknown, fn: () => Promise<T>) => fn(),
    showInputBox: async (o: { prompt: string; validateInput: (s: string) => string | undefined }) => {
      ui.inputs.push({ prompt: o.prompt, validation: o.validateInput('   ') });
      return ui.inputAnswer;
    },
    showQuickPick: async <T extends { label: string }>(items: T[], o: { title: string }) => {
      ui.picks.push({ title: o.title, items: items.map(({ label, description, detail }: T & { description?: string; detail?: string }) => ({ label, description, detail })) });
      return ui.pickIndex === undefined ? undefined : items[ui.pickIndex];
    },
    showTextDocument: async (doc: { uri: FakeUri }, o: { selection?: FakeRange }) => void ui.opened.push({ uri: doc.uri.value, selection: o.selection }),
    showWarningMessage: async (m: string) => void ui.warnings.push(m),
    showInformationMessage: async (m: string) => void ui.infos.push(m),
  },
};

/** A stub of the language client: records the requests, answers `answer`. */
class StubClient {
  requests: { method: string; params: unknown }[] = [];
  constructor(
    private readonly answer: ExplainErrorResult,
    private readonly running = true,
  ) {}
  isRunning(): boolean {
    return this.running;
  }
  async sendRequest<R>(method: string, params: unknown): Promise<R> {
    this.requests.push({ method, params });
    return this.answer as unknown as R;
  }
}

const RESULT: ExplainErrorResult = {
  error: { code: 'AccessDenied', operation: 'AssumeRole', arns: [], accountIds: ['444455556666'], roleName: 'dynamodb-writer', sessionName: 'orders-worker' },
  causes: [
    { rank: 1, summary: 'Session `orders-api` differs …', ruleId: 'session-name-mismatch', uri: 'file:///ws/trust.json', range: { start: { line: 6, character: 66 }, end: { line: 6, character: 110 } }, outsideFiles: false },
    { rank: 2, summary: 'In AWS, role `dynamodb-writer` must exist …', outsideFiles: true },
  ],
};
const DENIED = 'An error occurred (AccessDenied) when calling the AssumeRole operation: User: … is not authorized to perform: sts:AssumeRole on resource: …';

let explainAwsError: (client: StubClient | undefined, text?: unknown) => Promise<void>;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'irsa-explain-cmd-'));
let restoreVscode: () => void;

before(() => {
  restoreVscode = fakeModule('vscode', fakeVscode, TMP);
  explainAwsError = (require('../../client/src/commands/explain') as { explainAwsError: typeof explainAwsError }).explainAwsError;
});
after(() => {
  restoreVscode();
  fs.rmSync(TMP, { recursive: true, force: true });
});
beforeEach(() => {
  ui.editor = undefined;
  ui.inputAnswer = undefined;
  ui.inputs = [];
  ui.picks = [];
  ui.pickIndex = 0;
  ui.opened = [];
  ui.warnings = [];
  ui.infos = [];
});

describe('IRSA: Explain AWS Error… (fake vscode, stub client)', () => {
  it('sends the editor selection, shows the ranked causes, and opens the picked file with the cause selected', async () => {
    ui.editor = { selection: { isEmpty: false }, document: { getText: () => DENIED } };
    const client = new StubClient(RESULT);
    await explainAwsError(client);
    assert.deepEqual(client.requests, [{ method: 'irsa/explainError', params: { text: DENIED } }]);
    assert.deepEqual(ui.picks, [
      {
        title: 'IRSA: AccessDenied on AssumeRole (role dynamodb-writer, session orders-worker): 2 causes',
        items: [
          { label: '1. $(file) trust.json:7', description: 'session-name-mismatch', detail: 'Session `orders-api` differs …' },
          { label: '2. $(cloud) Check in AWS', description: undefined, detail: 'In AWS, role `dynamodb-writer` must exist …' },
        ],
      },
    ]);
    assert.deepEqual(ui.opened, [{ uri: 'file:///ws/trust.json', selection: new FakeRange(6, 66, 6, 110) }]);
    assert.deepEqual(ui.inputs, []);
  });

  it('without a selection asks for the text (an empty one is refused as you type); a cause in AWS is shown, nothing opened', async () => {
    ui.editor = { selection: { isEmpty: true }, document: { getText: () => '' } };
    ui.inputAnswer = DENIED;
    ui.pickIndex = 1;
    const client = new StubClient(RESULT);
    await explainAwsError(client);
    assert.deepEqual(ui.inputs, [{ prompt: 'Paste the AWS error as the SDK or the AWS CLI printed it (select it in an editor to skip this step)', validation: 'Paste the error text' }]);
    assert.deepEqual(client.requests, [{ method: 'irsa/explainError', params: { text: DENIED } }]);
    assert.deepEqual(ui.opened, []);
    assert.deepEqual(ui.infos, ['IRSA: In AWS, role `dynamodb-writer` must exist …']);
  });

  it('a text given with the command wins over the selection; Escape in the input box sends nothing', async () => {
    ui.editor = { selection: { isEmpty: false }, document: { getText: () => 'selected' } };
    const client = new StubClient(RESULT);
    await explainAwsError(client, 'Unable to locate credentials');
    assert.deepEqual(client.requests, [{ method: 'irsa/explainError', params: { text: 'Unable to locate credentials' } }]);
    ui.editor = undefined;
    const other = new StubClient(RESULT);
    await explainAwsError(other);
    assert.deepEqual(other.requests, []);
  });

  it('a text that is no error explained: a warning and no quick pick', async () => {
    const client = new StubClient({ causes: [] });
    await explainAwsError(client, 'hello');
    assert.deepEqual(ui.picks, []);
    assert.equal(ui.warnings.length, 1);
    assert.match(ui.warnings[0]!, /^IRSA: this text is none of the AWS errors the toolkit explains \(AccessDenied on AssumeRoleWithWebIdentity or AssumeRole, /);
  });

  it('no running server: a warning, no request', async () => {
    const client = new StubClient(RESULT, false);
    await explainAwsError(client, DENIED);
    await explainAwsError(undefined, DENIED);
    assert.deepEqual(client.requests, []);
    assert.deepEqual(ui.warnings, [
      'IRSA: the language server is not running, so the workspace is not known. See the IRSA output channel.',
      'IRSA: the language server is not running, so the workspace is not known. See the IRSA output channel.',
    ]);
  });
});
