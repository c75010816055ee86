#!/usr/bin/env bash
# Installs what the "real VS Code" tests need, offline except for the npm registry and Debian apt:
#   - Debian packages: chromium (headless browser), libkrb5-dev (code-server's kerberos module), ripgrep,
#     neovim (the headless language-server test)
#   - code-server 4.100.3 (= VS Code 1.100.3) into .vscode-test/code-server-4.100.3/ (git-ignored)
# Idempotent: when everything is already there it returns in well under a second.
# Recipe: shared/testing/real-vscode.md.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$CODE_SERVER_VERSION"
BIN="$DEST/node_modules/.bin/code-server"
STAMP="$DEST/.installed-ok"

log() { printf '[setup-vscode] %s\n' "$*"; }

# ---- 1. Debian packages -------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
# Neovim: the headless language-server test (test/unit/lsp-neovim.test.ts); skipped where it is absent
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
# only needed to build code-server's native modules, so only when code-server is not installed yet
if [ ! -f "$STAMP" ] && [ ! -f /usr/include/gssapi/gssapi.h ]; then missing+=(libkrb5-dev); fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    log "installing Debian packages with sudo: ${missing[*]}"
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "ERROR: missing Debian packages: ${missing[*]}"
    log "run as root:  apt-get update && apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

# ---- 2. code-server ---------------------------------------------------------------------------
if [ -f "$STAMP" ] && [ -x "$BIN" ]; then
  log "code-server $CODE_SERVER_VERSION already installed ($DEST)"
  exit 0
fi

log "installing code-server@$CODE_SERVER_VERSION into $DEST (about a minute)"
rm -rf "$DEST"
mkdir -p "$DEST"

# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this tarball in its cache.
RG_TMP="$(node -p "require('os').tmpdir()")"
for RG_VER in 1.15.11; do
  RG_CACHE="$RG_TMP/vscode-ripgrep-cache-$RG_VER"
  RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$RG_TGZ" ]; then
    mkdir -p "$RG_CACHE"
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$RG_TGZ" -C "$stage" rg
    rm -rf "$stage"
  fi
done

printf '{ "name": "vscode-test-code-server", "private": true }\n' >"$DEST/package.json"
(
  cd "$DEST"
  export npm_config_unsafe_perm=true npm_config_yes=true
  # keep the install out of the repo's own npm config / lock file
  npm install --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
    "code-server@$CODE_SERVER_VERSION"
)

if [ ! -x "$BIN" ] || [ ! -d "$DEST/node_modules/code-server/lib/vscode/node_modules" ]; then
  log "ERROR: code-server install looks incomplete ($DEST)"
  exit 1
fi
"$BIN" --version >/dev/null
touch "$STAMP"
log "code-server $("$BIN" --version | head -n1) ready"
