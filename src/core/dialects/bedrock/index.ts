// Amazon Bedrock: Converse bodies (cachePoint breakpoints) and InvokeModel Anthropic bodies
// (anthropic_version "bedrock-2023-05-31"). Both run on Bedrock: its own minimums per checkpoint
// (platformMinimumTokens.bedrock in the model table), at most 4 checkpoints, 5m and 1h TTLs.
import { buildAnthropic } from '../anthropic/build';
import { anthropicSignals } from '../anthropic/detect';
import { readCacheControl } from '../common';
import type { JsonDialect } from '../types';
import { buildConverse } from './converse';
import { converseSignals } from './detect';
import { converseMarkers, invokeMarkers } from './markers';

export const bedrockConverse: JsonDialect = {
  id: 'bedrock-converse',
  input: 'json',
  detect: converseSignals,
  capabilities: { markers: true, editableBreakpoints: true, automaticMarker: false, markerSyntax: 'cachePoint', platform: 'bedrock' },
  accepts: (shape) => shape === 'bedrock-converse',
  build: (ctx) => buildConverse(ctx),
  markers: (root, units, _profile, text) => converseMarkers(text, root, units),
};

export const bedrockInvoke: JsonDialect = {
  id: 'bedrock-invoke',
  input: 'json',
  detect: anthropicSignals,
  capabilities: { markers: true, editableBreakpoints: true, automaticMarker: true, platform: 'bedrock' },
  accepts: (shape) => shape === 'bedrock-invoke',
  build: (ctx) => ({ ...buildAnthropic(ctx), automatic: readCacheControl(ctx.root), notes: ['Bedrock InvokeModel (Anthropic body): Bedrock minimums per checkpoint apply.'] }),
  markers: invokeMarkers,
};

