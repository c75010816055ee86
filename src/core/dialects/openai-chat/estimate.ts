// A Chat Completions body counted with tiktoken for a model whose provider uses ANOTHER tokenizer (Qwen, Grok,
// DeepSeek, Kimi …: TokenizerSpec.estimateOf). The counts are then an estimate, and say which method made them:
// "exact" is kept for counts made with the provider's own tokenizer.
import type { Segment } from '../../types';
import type { BuiltRequest } from '../types';

function mark(segments: Segment[], note: string): void {
  for (const s of segments) {
    s.exact = false;
    s.estimateNote = s.estimateNote ? `${s.estimateNote}; ${note}` : note;
    if (s.children) mark(s.children, note);
  }
}

/** The tokenizer label and the per-segment note for a tiktoken stand-in. */
export function standInLabel(of: string, encoding: string): { tokenizer: string; note: string } {
  // An unknown model's name (TokenizerSpec.estimateOf = 'model "…"'): its tokenizer is not known at all.
  if (of.startsWith('model "')) return { tokenizer: `estimate: tiktoken ${encoding} (the tokenizer of ${of} is not known)`, note: `estimate: counted with tiktoken ${encoding}; the tokenizer of ${of} is not known` };
  return {
    tokenizer: `estimate: tiktoken ${encoding} (${of}'s own tokenizer is not tiktoken)`,
    note: `estimate: counted with tiktoken ${encoding}; ${of}'s own tokenizer differs`,
  };
}

/** Mark a build made with a tiktoken stand-in as an estimate (in place), naming the method. */
export function asStandInEstimate(built: BuiltRequest, of: string, encoding: string): BuiltRequest {
  const { tokenizer, note } = standInLabel(of, encoding);
  mark(built.segments, note);
  built.exact = false;
  built.tokenizer = tokenizer;
  return built;
}
