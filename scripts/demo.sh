#!/usr/bin/env bash
# `npm run demo`: a real VS Code with Prompt Cache Lens loaded on a COPY of examples/ in a temporary
# folder (so trying quick fixes never changes the repository's files), from a fresh machine.
#  - desktop VS Code when `code` is on PATH (set PCL_DEMO_WEB=1 to use the browser version anyway);
#  - otherwise code-server 4.100.3 on http://127.0.0.1:${PORT:-8080}, in the foreground until Ctrl+C
#    (the copy is removed when it stops; PCL_DEMO_KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build

# a fresh copy of examples/ for every run: edits and fixes made in the demo stay out of the repository
WORK="$(mktemp -d "${TMPDIR:-/tmp}/prompt-cache-lens-demo.XXXXXX")"
cp -R "$ROOT/examples/." "$WORK/"

if command -v code >/dev/null 2>&1 && [ -z "${PCL_DEMO_WEB:-}" ]; then
  echo "Opening VS Code with the extension under development on a copy of examples/: $WORK"
  exec code --extensionDevelopmentPath="$ROOT" "$WORK"
fi

bash scripts/setup-vscode.sh
PORT="${PORT:-8080}"
DEMO="$ROOT/.vscode-test/demo"          # kept between runs: your demo settings stay
mkdir -p "$DEMO/extensions" "$DEMO/user-data/User"
ext_id=$(node -p "const m=require('./package.json'); m.publisher + '.' + m.name")
version=$(node -p "require('./package.json').version")
rm -f "$DEMO/extensions/$ext_id"-*      # a link left by an older version
# a link to this folder under another id (an older publisher) would load the extension twice
for l in "$DEMO/extensions"/*; do
  if [ -L "$l" ] && [ "$(readlink "$l")" = "$ROOT" ]; then rm -f "$l"; fi
done
ln -sfn "$ROOT" "$DEMO/extensions/$ext_id-$version"
rm -f "$DEMO/extensions/extensions.json" # let code-server rescan the folder
settings="$DEMO/user-data/User/settings.json"
# Demo defaults, added to the settings kept from earlier runs (a value you set there wins). VS Code for
# the web (code-server) defaults files.autoSave to "afterDelay", which would save every edit, quick fixes
# included, a second later: the demo turns it off like desktop VS Code, so a fix stays an unsaved,
# undoable change until you save.
node -e '
const fs = require("fs");
const file = process.argv[1];
let cur = {};
if (fs.existsSync(file)) {
  try { cur = JSON.parse(fs.readFileSync(file, "utf8")); } catch { process.exit(0); } // hand-edited (comments): leave it
}
const defaults = {
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "security.workspace.trust.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "files.autoSave": "off"
};
fs.writeFileSync(file, JSON.stringify({ ...defaults, ...cur }, null, 2) + "\n");
' "$settings"

url="http://127.0.0.1:$PORT/?folder=$WORK"
echo
echo "  Prompt Cache Lens demo: open $url"
echo "  (a copy of examples/ in $WORK: change and fix anything, the repository stays as it is)"
echo "  (code-server $( "$ROOT/.vscode-test/code-server-4.100.3/node_modules/.bin/code-server" --version | head -n1 | cut -d' ' -f1 ), Ctrl+C to stop)"
echo
[ -n "${PCL_DEMO_KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
# no marketplace (offline) and none of the VSCODE_* variables of a VS Code terminal this may run in
env $(env | grep -o '^VSCODE_[A-Z_]*' | sed 's/^/-u /') EXTENSIONS_GALLERY='{"serviceUrl":""}' \
  "$ROOT/.vscode-test/code-server-4.100.3/node_modules/.bin/code-server" \
  --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$DEMO/user-data" --extensions-dir "$DEMO/extensions" \
  --config "$DEMO/config.yaml" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WORK"
