// Rule registry. Owned by the rules work (issue 3); analyze() calls runRules().
import type { Diagnostic } from '../types';
import type { RuleContext } from './types';

export function runRules(_ctx: RuleContext): Diagnostic[] {
  return [];
}
