// Entry of the bundled language server (dist/server.js): `node dist/server.js --stdio` (or --node-ipc,
// --socket=PORT, --pipe=NAME: vscode-languageserver reads the transport from the arguments).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { guardProcess } from './process';

guardProcess();
startServer(createConnection(ProposedFeatures.all));
