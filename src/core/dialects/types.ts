import type { Node } from 'jsonc-parser';
import type { ModelProfile } from '../models/types';
import type { Segment } from '../types';

export interface BuildContext {
  text: string;
  root: Node;
  /** Resolved model name (for snapshot-specific counting rules). */
  model: string;
  profile: ModelProfile;
  imageSize: (url: string) => { width: number; height: number } | undefined;
}

export interface BuiltRequest {
  /** Top-level segments in cache order. */
  segments: Segment[];
  inputTokens: number;
  exact: boolean;
  tokenizer: string;
  notes: string[];
}
