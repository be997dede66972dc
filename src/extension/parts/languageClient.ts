// Part "languageClient" (src/extension/parts.ts): vscode-languageclient, loaded when a request file first opens.
export { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
