// The trace's first difference from compareRequests (src/core/compare): the unit as a person names it, its
// range in the current call, and the category. Only called on calls that left their reference early.
import { compareRequests } from '../compare';
import type { CompareFn, CompareResult } from './simulate';
import type { ChangeCategory } from './types';

const CATEGORY: Record<string, ChangeCategory | undefined> = {
  'tools-reordered': 'tools-reordered',
  'tool-changed': 'tool-changed',
  'system-changed': 'system-changed',
  'history-rewritten': 'history-rewritten',
  'image-changed': 'image-changed',
  'model-or-parameters-changed': 'parameters-changed',
  'breakpoint-moved': 'breakpoint-moved',
};

export const compareCalls: CompareFn = (earlier, current, model) => {
  const c = compareRequests({ text: earlier, fileName: 'earlier.json' }, { text: current, fileName: 'current.json' }, { model });
  const fd = c.firstDifference;
  if (!fd) return undefined;
  const category = c.categories.map((k) => CATEGORY[k]).find((k) => k !== undefined);
  if (!category) return undefined;
  const out: CompareResult = { unit: fd.unit + (fd.detail ? ` ${fd.detail}` : ''), unitId: fd.unitId.b, range: { start: fd.range.b.start, end: fd.range.b.end }, category, sharedPrefixTokens: c.sharedPrefixTokens };
  return out;
};
