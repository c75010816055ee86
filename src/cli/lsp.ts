// `prompt-cache lsp --stdio`: the language server (src/server/server.ts) on this process' stdin/stdout.
// Also --node-ipc, --socket=PORT and --pipe=NAME (the transports vscode-languageserver reads from argv).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server/server';
import { guardProcess } from '../server/process';

export const LSP_USAGE = `Usage: prompt-cache lsp --stdio

Start the Prompt Cache language server (Language Server Protocol) on stdin/stdout, for Neovim, Helix, Zed
and other LSP editors. Other transports: --node-ipc, --socket=PORT, --pipe=NAME. See docs/editors.md.
`;

const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

/**
 * Start the server when `args` name a transport (returns 0: the process then lives as long as the
 * connection); otherwise print the usage (returns 2, or 0 for --help).
 */
export function runLsp(args: string[], io: { stdout(s: string): void; stderr(s: string): void }): number {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(LSP_USAGE);
    return 0;
  }
  if (!args.some((a) => TRANSPORT.test(a))) {
    io.stderr(`prompt-cache: lsp needs a transport (--stdio).\n\n${LSP_USAGE}`);
    return 2;
  }
  guardProcess();
  startServer(createConnection(ProposedFeatures.all));
  return 0;
}
