#!/usr/bin/env bash
# `npm run demo`: a real VS Code with Prompt Cache Lens loaded on examples/, from a fresh machine.
#  - desktop VS Code when `code` is on PATH (set PCL_DEMO_WEB=1 to use the browser version anyway);
#  - otherwise code-server 4.100.3 on http://127.0.0.1:${PORT:-8080}, in the foreground until Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build

if command -v code >/dev/null 2>&1 && [ -z "${PCL_DEMO_WEB:-}" ]; then
  echo "Opening VS Code with the extension under development on examples/"
  exec code --extensionDevelopmentPath="$ROOT" "$ROOT/examples"
fi

bash scripts/setup-vscode.sh
PORT="${PORT:-8080}"
DEMO="$ROOT/.vscode-test/demo"          # kept between runs: your demo settings stay
mkdir -p "$DEMO/extensions" "$DEMO/user-data/User"
ext_id=$(node -p "const m=require('./package.json'); m.publisher + '.' + m.name")
version=$(node -p "require('./package.json').version")
rm -f "$DEMO/extensions/$ext_id"-*      # a link left by an older version
ln -sfn "$ROOT" "$DEMO/extensions/$ext_id-$version"
rm -f "$DEMO/extensions/extensions.json" # let code-server rescan the folder
settings="$DEMO/user-data/User/settings.json"
[ -f "$settings" ] || cat >"$settings" <<'JSON'
{
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never"
}
JSON

url="http://127.0.0.1:$PORT/?folder=$ROOT/examples"
echo
echo "  Prompt Cache Lens demo: open $url"
echo "  (code-server $( "$ROOT/.vscode-test/code-server-4.100.3/node_modules/.bin/code-server" --version | head -n1 | cut -d' ' -f1 ), Ctrl+C to stop)"
echo
# no marketplace (offline) and none of the VSCODE_* variables of a VS Code terminal this may run in
exec env $(env | grep -o '^VSCODE_[A-Z_]*' | sed 's/^/-u /') EXTENSIONS_GALLERY='{"serviceUrl":""}' \
  "$ROOT/.vscode-test/code-server-4.100.3/node_modules/.bin/code-server" \
  --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$DEMO/user-data" --extensions-dir "$DEMO/extensions" \
  --config "$DEMO/config.yaml" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$ROOT/examples"
