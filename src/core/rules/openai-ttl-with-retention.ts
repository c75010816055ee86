// PC022 openai-ttl-with-retention: prompt_cache_options.ttl supersedes prompt_cache_retention, and a request
// that sends both is rejected (GPT-5.6+). On earlier models prompt_cache_options is not their field either.
import type { Finding, Rule } from './types';
import { openAICache, removePropertyAt } from './openaiFixes';

export const openaiTtlWithRetention: Rule = {
  name: 'openai-ttl-with-retention',
  code: 'PC022',
  description: 'prompt_cache_options.ttl and prompt_cache_retention in one request: the API rejects it (ttl supersedes prompt_cache_retention).',
  defaultSeverity: 'error',
  tags: ['openai', 'gpt-5.6', 'ttl', 'rejected'],
  check(ctx) {
    const c = openAICache(ctx);
    if (!c || c.ttlRaw === undefined || c.retentionRaw === undefined || !c.retentionRange) return [];
    const edit = removePropertyAt(ctx, [], 'prompt_cache_retention');
    return [
      {
        range: c.retentionRange,
        message: `prompt_cache_retention ("${c.retentionRaw}") is sent together with prompt_cache_options.ttl ("${c.ttlRaw}"): the API rejects the request (400) and nothing is cached. On GPT-5.6 and later the ttl supersedes prompt_cache_retention: drop prompt_cache_retention.`,
        fixes: edit ? [{ title: 'Remove prompt_cache_retention (prompt_cache_options.ttl applies)', kind: 'quickfix', isPreferred: true, edits: [edit] }] : undefined,
      },
    ] as Finding[];
  },
};
