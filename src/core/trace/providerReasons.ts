// Provider miss reasons beside ours: Anthropic's cache diagnostics (model_changed, system_changed,
// tools_changed, messages_changed, previous_message_not_found, unavailable: addendum, Anthropic) and
// OpenAI's prompt_cache_diagnostics (GPT-5.6+ Responses; its reason words are matched loosely). Each is
// mapped to the explanation kinds and categories of the trace; they disagree when they name a different
// part of the request, or when one says hit and the other miss.
import type { Explanation, ProviderMissReason } from './types';

type Part = 'model' | 'tools' | 'system' | 'messages' | 'expired' | 'unknown' | 'none';

function providerPart(reason: string): Part {
  const r = reason.toLowerCase();
  if (/^(none|hit|cache_hit|no_miss)$/.test(r)) return 'none';
  if (r.includes('model')) return 'model';
  if (r.includes('tool')) return 'tools';
  if (r.includes('system') || r.includes('instruction')) return 'system';
  if (r.includes('message') && !r.includes('not_found')) return 'messages';
  if (r.includes('input') || r.includes('prefix')) return 'messages';
  if (r.includes('not_found') || r.includes('expire') || r.includes('evict') || r.includes('ttl')) return 'expired';
  return 'unknown';
}

function ourPart(e: Explanation, read: number): Part {
  switch (e.kind) {
    case 'model-changed':
      return 'model';
    case 'prefix-changed': {
      const c = e.firstDifference?.category;
      if (c === 'tools-reordered' || c === 'tool-changed') return 'tools';
      if (c === 'system-changed') return 'system';
      if (c === 'model-changed') return 'model';
      return 'messages';
    }
    case 'ttl-expired':
    case 'first':
      return 'expired';
    case 'hit':
    case 'new-conversation':
      return read > 0 ? 'none' : 'unknown';
    default:
      return 'unknown';
  }
}

/** Whether the provider's reason and our explanation disagree, with one sentence when they do. */
export function agreement(e: Explanation, p: ProviderMissReason, read: number): { disagrees: boolean; note?: string } {
  const theirs = providerPart(p.reason);
  const ours = ourPart(e, read);
  if (theirs === 'unknown' || ours === 'unknown') return { disagrees: false };
  // A partial read with a change later in the request: the provider names the later part too.
  if (theirs === ours) return { disagrees: false };
  if (theirs === 'messages' && ours === 'none' && read > 0) return { disagrees: false };
  const who = p.provider === 'anthropic' ? 'Anthropic' : 'OpenAI';
  const said = theirs === 'none' ? 'a hit' : `"${p.reason}"`;
  const we = ours === 'none' ? 'a hit' : ours === 'expired' ? (e.kind === 'first' ? 'a first call (nothing earlier to read)' : 'an expired entry') : `a change in the ${ours}`;
  return { disagrees: true, note: `${who} reports ${said}; this trace predicts ${we}: the provider may compare with another request than the one this trace matched, or saw calls the trace does not hold.` };
}
