// Advice the CLI can follow: the engine's fallback wording ends with the editor's advice ("Prompt Cache:
// Choose Model", a VS Code command); on the command line it says --model / --default-model instead.
import { CLI_MODEL_ADVICE, EDITOR_MODEL_ADVICE } from '../core/models/fallback';
import type { Analysis } from '../core/types';

function swap(message: string): string {
  return message.replace(EDITOR_MODEL_ADVICE.unknown, CLI_MODEL_ADVICE.unknown).replace(EDITOR_MODEL_ADVICE.missing, CLI_MODEL_ADVICE.missing);
}

/** Rewrites, in place, the editor advice in an analysis's problems and model fallback (every JSONL line too). */
export function adviseForCli(analysis: Analysis | undefined): void {
  if (!analysis) return;
  for (const a of [analysis, ...(analysis.lines ?? [])]) {
    for (const p of a.problems) p.message = swap(p.message);
    if (a.model.fallback) a.model.fallback = { ...a.model.fallback, message: swap(a.model.fallback.message) };
  }
}
