// Rule registry (issue 3). analyze() calls runRules(ctx); the extension, the CLI, the settings generator
// and the docs use RULES. Order here is the order findings are produced (then sorted by position).
import type { Diagnostic, Severity } from '../types';
import type { Finding, Rule, RuleContext } from './types';
import { applyDirectives, fileIgnores, isRuleIgnored } from './suppress';
import { volatileInPrefix } from './volatile-in-prefix';
import { templateVariableInPrefix } from './template-variable-in-prefix';
import { breakpointBelowMinimum } from './breakpoint-below-minimum';
import { tooManyBreakpoints } from './too-many-breakpoints';
import { ttlOrder } from './ttl-order';
import { invalidBreakpointTarget } from './invalid-breakpoint-target';
import { lookbackExceeded } from './lookback-exceeded';
import { breakpointAfterVolatile } from './breakpoint-after-volatile';
import { missingBreakpoint } from './missing-breakpoint';
import { belowAutomaticMinimum } from './below-automatic-minimum';
import { staticAfterDynamic } from './static-after-dynamic';
import { imageDetailUnpinned } from './image-detail-unpinned';
import { overContextWindow } from './over-context-window';
import { openaiExplicitWithoutBreakpoint } from './openai-explicit-without-breakpoint';
import { openaiTooManyWrites } from './openai-too-many-writes';
import { openaiTtlWithRetention } from './openai-ttl-with-retention';
import { openaiBreakpointOnAssistant } from './openai-breakpoint-on-assistant';
import { openaiInvalidCacheValue } from './openai-invalid-cache-value';
import { openaiBreakpointBelowMinimum } from './openai-breakpoint-below-minimum';
import { explicitCacheDisablesImplicit } from './explicit-cache-disables-implicit';

export type { Rule, Finding, RuleContext } from './types';

/** Every rule, in registry order. */
export const RULE_LIST: readonly Rule[] = [
  invalidBreakpointTarget,
  tooManyBreakpoints,
  ttlOrder,
  volatileInPrefix,
  templateVariableInPrefix,
  breakpointBelowMinimum,
  lookbackExceeded,
  breakpointAfterVolatile,
  missingBreakpoint,
  belowAutomaticMinimum,
  staticAfterDynamic,
  imageDetailUnpinned,
  overContextWindow,
  openaiTtlWithRetention,
  openaiBreakpointOnAssistant,
  openaiInvalidCacheValue,
  openaiExplicitWithoutBreakpoint,
  openaiTooManyWrites,
  openaiBreakpointBelowMinimum,
  explicitCacheDisablesImplicit,
];

/** Relative path of a rule's docs page inside the repository / the packaged extension. */
export function docsPath(name: string): string {
  return `docs/rules/${name}.md`;
}

export interface RuleMeta {
  name: string;
  code: string;
  description: string;
  defaultSeverity: Severity;
  tags: string[];
  /** Relative path (docs/rules/<name>.md); the extension resolves it against its install folder. */
  docsUrl: string;
}

/** Metadata of every rule (no check functions): settings generation, docs, CLI listings. */
export const RULES: readonly RuleMeta[] = RULE_LIST.map((r) => ({
  name: r.name,
  code: r.code,
  description: r.description,
  defaultSeverity: r.defaultSeverity,
  tags: [...r.tags],
  docsUrl: docsPath(r.name),
}));

const byName = new Map<string, Rule>();
for (const r of RULE_LIST) {
  byName.set(r.name, r);
  byName.set(r.code, r);
  byName.set(r.code.toLowerCase(), r);
}

/** Look a rule up by name or code. */
export function getRule(nameOrCode: string): Rule | undefined {
  return byName.get(nameOrCode);
}

export function codeOf(name: string): string {
  return byName.get(name)?.code ?? name;
}

/** The configured severity of a rule: options.rules[name] (or [code]), else its default. */
export function severityFor(rule: Rule, config: Record<string, Severity | 'off'> | undefined): Severity | 'off' {
  const v = config?.[rule.name] ?? config?.[rule.code];
  if (v === 'off' || v === 'error' || v === 'warning' || v === 'info' || v === 'hint') return v;
  return rule.defaultSeverity;
}

export interface RuleFailure {
  rule: string;
  message: string;
}

/**
 * Run every enabled rule. Applies, in order: severity settings (options.rules; 'off' skips the rule),
 * file/folder suppression (options.suppress), rule checks, in-file disable comments. A rule that
 * throws does not hide the other findings: it is returned in `failures`, which the pipeline turns into a
 * visible problem naming the rule.
 */
export function runRules(ctx: RuleContext): { diagnostics: Diagnostic[]; failures: RuleFailure[] } {
  const failures: RuleFailure[] = [];
  if (!ctx.analysis?.isRequest && ctx.analysis?.dialect === undefined) return { diagnostics: [], failures };
  const ignored = fileIgnores(ctx.options ?? {});
  if (ignored === 'all') return { diagnostics: [], failures };
  const out: Diagnostic[] = [];
  const consequences: { rule: Rule; f: Finding }[] = [];
  for (const rule of RULE_LIST) {
    const severity = severityFor(rule, ctx.options?.rules);
    if (severity === 'off' || isRuleIgnored(ignored, rule.name, rule.code)) continue;
    let findings;
    try {
      findings = rule.check(ctx);
    } catch (e) {
      failures.push({ rule: rule.name, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    for (const f of findings) {
      if (f.consequenceOf) consequences.push({ rule, f });
      const range = clampRange(f.range, ctx.text.length);
      const d: Diagnostic = { code: rule.name, severity: lower(severity, f.severity), message: f.message, range, docsUrl: docsPath(rule.name) };
      // A fix that found nothing to edit is not offered (it would be a no-op that leaves its finding).
      const fixes = f.fixes?.filter((x) => x.edits.length > 0);
      if (fixes?.length) d.fixes = fixes;
      if (f.related?.length) d.related = f.related.map((r) => ({ range: clampRange(r.range, ctx.text.length), message: r.message }));
      out.push(d);
    }
  }
  foldConsequences(out, consequences, ctx.text.length);
  out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
  return { diagnostics: applyDirectives(ctx.text, out, codeOf), failures };
}

/**
 * One root cause, one diagnostic: a finding that is a consequence of a per-request value (a breakpoint
 * whose entry is never read, a static part after it) becomes related information of the diagnostic on that
 * value, when one is reported; otherwise it stays a diagnostic of its own.
 */
function foldConsequences(out: Diagnostic[], consequences: { rule: Rule; f: Finding }[], len: number): void {
  if (!consequences.length) return;
  const drop = new Set<Diagnostic>();
  for (const { rule, f } of consequences) {
    const root = clampRange(f.consequenceOf!, len);
    const primary = out.find((d) => d.code !== rule.name && !drop.has(d) && d.range.start === root.start && d.range.end === root.end);
    if (!primary) continue;
    const range = clampRange(f.range, len);
    const mine = out.find((d) => d.code === rule.name && !drop.has(d) && d.range.start === range.start && d.range.end === range.end && d.message === f.message);
    if (!mine) continue;
    drop.add(mine);
    (primary.related ??= []).push({ range, message: `${rule.name}: ${f.message}` });
  }
  if (!drop.size) return;
  for (let i = out.length - 1; i >= 0; i--) if (drop.has(out[i])) out.splice(i, 1);
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The lower of a configured severity and a finding's cap. */
function lower(configured: Severity, cap: Severity | undefined): Severity {
  return cap && RANK[cap] > RANK[configured] ? cap : configured;
}

function clampRange(r: { start: number; end: number }, len: number) {
  const start = Math.max(0, Math.min(r.start, len));
  const end = Math.max(start, Math.min(r.end, len));
  return { start, end };
}
