// How the engine names a per-request value in its own sentences (plan notes, hover, CLI, panel): one wording.
import { describeVolatileKind } from '../scan/volatile';
import type { NextCallCut } from '../types';

export function shortValue(v: string, max = 40): string {
  const s = v.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** What kind of per-request value ends the next call's read: "timestamp", "UUID", "template placeholder". */
export function cutKindLabel(cut: Pick<NextCallCut, 'kind' | 'source'>): string {
  if (cut.source === 'placeholder') return 'template placeholder';
  if (cut.kind === 'timestamp') return 'timestamp';
  const d = describeVolatileKind(cut.kind);
  return d === 'per-request value' && /^[a-z][a-z -]*$/i.test(cut.kind) ? cut.kind.replace(/-/g, ' ') : d;
}

/** 'the timestamp "2026-11-22T09:14:03Z" in system block 1': the per-request value the next call stops before. */
export function describeCut(cut: NextCallCut): string {
  return `the ${cutKindLabel(cut)} "${shortValue(cut.value)}"${cut.unitLabel ? ` in ${cut.unitLabel}` : ''}`;
}

