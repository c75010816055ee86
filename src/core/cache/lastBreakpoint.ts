// A gateway that keeps only the LAST breakpoint of a request (OpenRouter → Gemini explicit caching: "OpenRouter
// will use only the last breakpoint", provider-rules.md §4.6). Earlier markers are not refused, just unused:
// the plan sees the misplaced or invalid ones (they can still make the request fail) and the last placed one.
import type { MarkerSite } from '../request/markers';

export function lastBreakpointOnly(markers: readonly MarkerSite[]): MarkerSite[] {
  let last: MarkerSite | undefined;
  for (const m of markers) {
    if (!m.unit || m.placementProblem || m.automatic) continue;
    if (!last || m.unit.cumulativeTokens > last.unit!.cumulativeTokens || (m.unit.cumulativeTokens === last.unit!.cumulativeTokens && (m.unit.position ?? 0) > (last.unit!.position ?? 0))) last = m;
  }
  return markers.filter((m) => m === last || !m.unit || !!m.placementProblem);
}
