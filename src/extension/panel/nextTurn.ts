// The panel's "next turn" line: the engine's simulateNextTurn for the followed document, memoized per
// document version and options. Computed on the extension host (two analyses), so only for files up to
// MAX_CHARS; larger ones get a line that points to the CLI.
import type * as vscode from 'vscode';
import { simulateNextTurn } from '../../core/compare';
import type { NextTurnMessage } from '../../shared/protocol';
import type { RunOptions } from '../runAnalysis';

export const NEXT_TURN_MAX_CHARS = 400_000;

export class NextTurnFeed {
  private last?: { key: string; message: NextTurnMessage };

  /** The next-turn message for this document version (memoized), never throwing. */
  messageFor(doc: vscode.TextDocument, options: RunOptions): NextTurnMessage {
    const uri = doc.uri.toString();
    const key = `${uri}|${doc.version}|${JSON.stringify(options)}`;
    if (this.last?.key === key) return this.last.message;
    const base = { type: 'nextTurn' as const, uri, version: doc.version };
    let message: NextTurnMessage;
    if (doc.getText().length > NEXT_TURN_MAX_CHARS) {
      message = { ...base, supported: false, hits: false, summary: 'Next turn: not simulated in the panel for a file this large (prompt-cache analyze FILE --next-turn does it).', notes: [] };
    } else {
      const t = simulateNextTurn({ text: doc.getText(), fileName: doc.fileName }, options);
      message = { ...base, supported: t.supported, hits: t.hits, summary: t.summary, notes: t.notes };
    }
    this.last = { key, message };
    return message;
  }
}
