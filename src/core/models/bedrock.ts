// A model profile as it runs on Amazon Bedrock: the row's Bedrock minimum per checkpoint
// (platformMinimumTokens.bedrock) replaces the Claude API one. resolveModel already does this for names
// that say Bedrock ("us.anthropic.…", Bedrock ARNs); a Bedrock body (Converse, InvokeModel) is on Bedrock
// whatever name the file or setting gives ("claude-sonnet-4-5"). Idempotent.
import type { ModelProfile } from './types';

export function onBedrock(profile: ModelProfile): ModelProfile {
  const bedrockMin = profile.platformMinimumTokens?.bedrock;
  if (bedrockMin === undefined || bedrockMin === profile.minimumTokens) return profile;
  return {
    ...profile,
    minimumTokens: bedrockMin,
    notes: `${profile.notes ? profile.notes + ' ' : ''}Bedrock minimum ${bedrockMin} tokens used (Claude API: ${profile.minimumTokens}).`,
  };
}
