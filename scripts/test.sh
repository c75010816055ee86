#!/usr/bin/env bash
# The project's single test command (`npm test`): works on a clean machine.
#   setup (npm ci if node_modules is missing; Debian packages + code-server if missing)
#   → build → typecheck → unit tests (node:test) → integration tests in a real VS Code (code-server)
#   → e2e browser tests (Chromium driving the workbench)
# Every stage after the build runs even when an earlier one failed; the exit code is non-zero if any
# failed. Each stage's output is also kept in test-results/<stage>.log. The last line sums the counts.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p test-results

if [ ! -d node_modules ]; then
  echo "== npm ci (node_modules missing)"
  npm ci --no-audit --no-fund || exit 1
fi
bash scripts/setup-vscode.sh || exit 1

started=$(date +%s)
total_pass=0
total_fail=0
failed_stages=()
summary=()

# counts(): the "N passed, N failed" line (vscode runner) or node:test's "ℹ pass N" / "ℹ fail N"
counts() {
  local log=$1 p f line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
  else
    p=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -n1 | awk '{print $3}')
    f=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -n1 | awk '{print $3}')
  fi
  echo "${p:-0} ${f:-0}"
}

# stage NAME COUNTS(yes/no) CMD...
stage() {
  local name=$1 counted=$2; shift 2
  local log="test-results/$name.log" start rc p f
  echo
  echo "== $name: $*"
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local secs=$(( $(date +%s) - start ))
  if [ "$counted" = yes ]; then
    read -r p f < <(counts "$log")
    # a stage that failed without reporting a failed test still counts as one failure
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    summary+=("$(printf '%-10s %-4s %4ss  %s passed, %s failed' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo FAIL)" "$secs" "$p" "$f")")
  else
    summary+=("$(printf '%-10s %-4s %4ss' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo FAIL)" "$secs")")
    if [ "$rc" -ne 0 ]; then total_fail=$((total_fail + 1)); fi
  fi
  if [ "$rc" -ne 0 ]; then failed_stages+=("$name"); fi
  return "$rc"
}

print_summary() {
  echo
  echo "== summary"
  printf '  %s\n' "${summary[@]}"
  if [ "${#failed_stages[@]}" -gt 0 ]; then echo "  failed: ${failed_stages[*]}"; fi
  echo "  took $(( $(date +%s) - started ))s; logs in test-results/"
  echo "total: $total_pass passed, $total_fail failed"
}

if ! stage build no npm run --silent build; then
  print_summary
  exit 1
fi
stage typecheck no npm run --silent typecheck
stage unit yes npm run --silent test:unit
stage vscode yes npm run --silent test:vscode
stage e2e yes npm run --silent test:e2e

print_summary
[ "${#failed_stages[@]}" -eq 0 ]
