#!/usr/bin/env bash
# Installs code-server (a real VS Code served to a browser) and the Debian packages the
# integration and e2e tiers need, without any download outside the npm registry and apt.
# The result is cached in .code-server/ (git-ignored) and reused while its stamp file exists.
# Why these steps: 4.100.3 is the newest code-server that runs on Node 20; its postinstall
# downloads, which fails offline, so it is installed with --ignore-scripts and the parts that
# matter (native modules, ripgrep, node_modules.asar) are done by hand below.
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${COLT_CODE_SERVER_DIR:-$ROOT/.code-server}"
PREFIX="$CACHE/$VERSION"
STAMP="$PREFIX/.complete"
APT_PACKAGES=(chromium ripgrep libkrb5-dev)

log() { echo "[installCodeServer] $*"; }

installDebianPackages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them, then run this again:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

installCodeServer() {
  local cs="$PREFIX/node_modules/code-server"
  local vs="$cs/lib/vscode"
  # Native modules compile against the local Node headers; the header download would fail offline.
  local nodeHeaders
  nodeHeaders="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$nodeHeaders/include/node/node.h" ] && export npm_config_nodedir="$nodeHeaders"
  export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  log "installing code-server $VERSION into $PREFIX (about two minutes)"
  # Its postinstall downloads things; skip it and do the offline-safe parts by hand below.
  (cd "$PREFIX" && echo '{"private":true}' >package.json &&
    npm install --no-save --ignore-scripts --loglevel=error "code-server@$VERSION" >/dev/null)
  (cd "$PREFIX" && npm rebuild argon2 --loglevel=error >/dev/null)
  log "installing VS Code's own dependencies"
  (cd "$vs" && npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null)
  log "building native modules"
  (cd "$vs" && npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid \
    --loglevel=error >/dev/null)
  mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$vs/node_modules.asar"
  # Written last: a half-finished install is never mistaken for a complete one.
  echo "$VERSION" >"$STAMP"
}

installDebianPackages
if [ -f "$STAMP" ]; then
  log "code-server $VERSION already installed in $PREFIX"
else
  installCodeServer
  log "done"
fi
echo "$PREFIX/node_modules/code-server/out/node/entry.js" >"$CACHE/entry"
