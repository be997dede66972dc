// Entry point of dist/server.js: the language server for `*.reactivate.json`, in its own
// process, spoken to over node IPC by the extension's language client.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './languageServer';

startLanguageServer(createConnection(ProposedFeatures.all));
