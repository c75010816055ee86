import type { Node } from 'jsonc-parser';
import type { Analysis, AnalyzeOptions } from '../types';
import type { ModelProfile } from '../models/types';

/** What a rule sees: the text, the parsed tree and the analysis so far (diagnostics not yet filled). */
export interface RuleContext {
  text: string;
  /** Root of the JSONC tree; undefined for prompt templates. */
  root?: Node;
  analysis: Analysis;
  profile?: ModelProfile;
  options: AnalyzeOptions;
}
