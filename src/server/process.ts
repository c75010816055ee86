// The server process never dies of a stray error: an uncaught exception or rejection is written to stderr
// (clients show it in their LSP log) and the server goes on. stdout is the protocol channel: nothing else
// may be written there.
export function guardProcess(): void {
  process.on('uncaughtException', (err) => {
    process.stderr.write(`prompt-cache lsp: uncaught error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  });
  process.on('unhandledRejection', (err) => {
    process.stderr.write(`prompt-cache lsp: unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  });
  // console.log would corrupt the stdio channel: send it to stderr.
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
}
