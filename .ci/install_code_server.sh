#!/usr/bin/env bash
# Installs what the VS Code extension's tests need on a fresh Debian machine, idempotently:
#   1. Debian packages: Chromium (headless, driven by playwright-core), the headers
#      code-server's native modules build against, and ripgrep
#   2. code-server (a real VS Code, web build) from npm into $BOTTLE_CI_PREFIX/code-server;
#      its bundled @vscode/ripgrep would download rg from a host CI cannot reach, so its
#      download cache is seeded with Debian's rg first
#   3. the extension's own dependencies (`npm ci` in extension/) when its lockfile changed
# Nothing here contacts anything but the npm registry and Debian's mirror.
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
PREFIX="${BOTTLE_CI_PREFIX:-/opt/bottle-ci}"
SUDO=()
if [[ "$(id -u)" != 0 ]]; then SUDO=(sudo -n); fi
export DEBIAN_FRONTEND=noninteractive
SYSTEM_CA=/etc/ssl/certs/ca-certificates.crt
if [[ -s "$SYSTEM_CA" ]]; then export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-$SYSTEM_CA}"; fi

echo "== Debian packages for code-server and Chromium"
packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep
  python3 make g++ ca-certificates)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "already installed"
fi

echo "== code-server $CODE_SERVER_VERSION"
code_server="$PREFIX/code-server/node_modules/.bin/code-server"
if [[ -x "$code_server" ]] && "$code_server" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  echo "already installed: $code_server"
else
  # @vscode/ripgrep 1.15.11 looks for this archive in its cache folder before downloading.
  cache=/tmp/vscode-ripgrep-cache-1.15.11
  archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ ! -s "$archive" ]]; then
    staging=$(mktemp -d)
    cp "$(command -v rg)" "$staging/rg"
    mkdir -p "$cache"
    tar czf "$archive" -C "$staging" rg
    rm -rf "$staging"
  fi
  "${SUDO[@]}" mkdir -p "$PREFIX/code-server"
  (
    cd "$PREFIX/code-server"
    [[ -f package.json ]] || echo '{"private":true}' | "${SUDO[@]}" tee package.json >/dev/null
    # code-server's postinstall builds VS Code's native modules and insists on unsafe-perm as root.
    "${SUDO[@]}" env npm_config_yes=true npm_config_unsafe_perm=true \
      ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"} \
      npm install --no-fund --no-audit --no-save "code-server@$CODE_SERVER_VERSION"
  )
  "$code_server" --version
fi

echo "== extension dependencies (npm ci)"
stamp=extension/node_modules/.bottle-lock-sha256
want=$(sha256sum extension/package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "up to date"
else
  (cd extension && npm ci --no-fund --no-audit)
  echo "$want" >"$stamp"
fi
