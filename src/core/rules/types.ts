import type { Node } from 'jsonc-parser';
import type { Analysis, AnalyzeOptions, Fix, OffsetRange, RelatedInfo, Severity } from '../types';
import type { ModelProfile } from '../models/types';
import type { RequestModel } from '../request/model';

/** What a rule sees: the request model, the analysis so far (plan and cost; diagnostics not yet filled). */
export interface RuleContext {
  text: string;
  /** Root of the JSONC tree; undefined for prompt templates. */
  root?: Node;
  analysis: Analysis;
  profile?: ModelProfile;
  options: AnalyzeOptions;
  model: RequestModel;
}

/** What a rule reports; runRules turns it into a Diagnostic (name, severity, docs link). */
export interface Finding {
  range: OffsetRange;
  message: string;
  fixes?: Fix[];
  /**
   * At most this severity (a rule that is unsure, or whose finding costs nothing yet, says so lower than
   * its configured severity). Never raises it.
   */
  severity?: Severity;
  /** Other places of the same root cause. */
  related?: RelatedInfo[];
  /**
   * A consequence of a root cause reported elsewhere: the range of that root (a per-request value). When
   * an enabled rule reports a diagnostic at exactly this range, this finding becomes related information
   * of it (one root cause, one diagnostic); otherwise it is reported by itself.
   */
  consequenceOf?: OffsetRange;
}

/** One diagnostic rule: declarative metadata plus a pure check. */
export interface Rule {
  /** Stable kebab-case name (the diagnostic code, the settings key, the docs page). */
  name: string;
  /** Short code, e.g. "PC001". Accepted wherever a name is (settings, disable comments). */
  code: string;
  /** One line, shown in settings and the docs index. */
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  check(ctx: RuleContext): Finding[];
}

/**
 * File/folder suppression passed from the extension or the CLI as AnalyzeOptions.suppress.
 * `ignore` maps a glob (matched against `relativePath`, else `fileName`, with forward slashes) to the
 * rule names/codes to silence there, or "*" for every rule.
 */
export interface SuppressOptions {
  ignore?: Record<string, string[] | string>;
  /** The file's path relative to the workspace folder (preferred for glob matching). */
  relativePath?: string;
}
