/**
 * Entry point of `dist/server.js` (`irsa-language-server`). The transport comes from the command
 * line as vscode-languageserver parses it: `--stdio`, `--node-ipc`, `--socket=<port>` or
 * `--pipe=<name>`; with none of them (e.g. `irsa-language-server` typed in an editor's config), stdio.
 *
 * The stream transports (stdio, socket, pipe) read through {@link StrictStreamMessageReader}: a
 * malformed frame (no, a negative, a non-numeric or a wrong `Content-Length`, a huge one) is logged
 * and the process exits with code 1 so that the client restarts it, instead of a server that keeps
 * running and never answers again (issue 10, item 9; transport.ts says why not resynchronise).
 */
import * as net from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { createConnection, ProposedFeatures, StreamMessageWriter } from './languageServer';
import { startServer } from './server';
import { FramingError, StrictStreamMessageReader } from './transport';

const TRANSPORT = /^--(stdio|node-ipc|socket=|pipe=)/;
if (!process.argv.slice(2).some((a) => TRANSPORT.test(a))) process.argv.push(process.send ? '--node-ipc' : '--stdio');

/** Exit code after a framing error: the client sees a crash and restarts the server. */
const EXIT_PROTOCOL_ERROR = 1;

/**
 * The byte streams of the transport named on the command line, chosen as vscode-languageserver's own
 * `createConnection()` chooses (the first transport argument wins); undefined for `--node-ipc`, whose
 * messages arrive already framed by Node.
 */
function streamTransport(argv: string[]): { input: Readable; output: Writable } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--node-ipc') return undefined;
    if (arg === '--stdio') return { input: process.stdin, output: process.stdout };
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (name !== '--socket' && name !== '--pipe') continue;
    const value = inline ?? argv[i + 1] ?? '';
    // As vscode-languageserver's createServerSocketTransport / createServerPipeTransport.
    const socket = name === '--socket' ? net.createConnection(parseInt(value, 10), '127.0.0.1') : net.createConnection(value);
    return { input: socket, output: socket };
  }
  return undefined;
}

const streams = streamTransport(process.argv.slice(2));
const reader = streams ? new StrictStreamMessageReader(streams.input) : undefined;
const connection = streams && reader ? createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(streams.output)) : createConnection(ProposedFeatures.all);

if (reader) {
  reader.onError((e) => {
    if (!(e instanceof FramingError)) {
      process.stderr.write(`IRSA: cannot read from the client: ${e.message}\n`);
      return;
    }
    const message = `IRSA language server: malformed message from the client (${e.message}); exiting so that the client restarts it.`;
    process.stderr.write(message + '\n');
    // Tell the client too (its output channel), then exit even if that write never completes.
    setTimeout(() => process.exit(EXIT_PROTOCOL_ERROR), 2000);
    connection.sendNotification('window/logMessage', { type: 1, message }).then(
      () => process.exit(EXIT_PROTOCOL_ERROR),
      () => process.exit(EXIT_PROTOCOL_ERROR),
    );
  });
  // vscode-languageserver exits when stdin ends only for streams it created itself: the same here.
  reader.onClose(() => process.exit(reader.received('shutdown') ? 0 : 1));
}

// A bug must not take the editor's diagnostics down: log it (to the client) and keep serving.
process.on('uncaughtException', (e) => console.error(`IRSA: uncaught exception: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => console.error(`IRSA: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
startServer(connection);
