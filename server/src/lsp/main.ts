/**
 * Entry point of `dist/server.js` (`irsa-language-server`). The transport comes from the command
 * line as vscode-languageserver parses it: `--stdio`, `--node-ipc`, `--socket=<port>` or
 * `--pipe=<name>`; with none of them (e.g. `irsa-language-server` typed in an editor's config), stdio.
 */
import { createConnection, ProposedFeatures } from './languageServer';
import { startServer } from './server';

const TRANSPORT = /^--(stdio|node-ipc|socket=|pipe=)/;
if (!process.argv.slice(2).some((a) => TRANSPORT.test(a))) process.argv.push(process.send ? '--node-ipc' : '--stdio');

const connection = createConnection(ProposedFeatures.all);
// A bug must not take the editor's diagnostics down: log it (to the client) and keep serving.
process.on('uncaughtException', (e) => console.error(`IRSA: uncaught exception: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => console.error(`IRSA: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
startServer(connection);
