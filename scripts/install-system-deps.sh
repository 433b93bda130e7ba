#!/usr/bin/env bash
# Installs what the test suite drives for real: Debian's Chromium (browser tests
# through Playwright), the PostgreSQL server (the PostgreSQL store's tests), wrk,
# and npm's axe-core into build/node/ (the browser tests inject build/node/
# node_modules/axe-core/axe.min.js into each page; nothing is fetched at test time).
# Does nothing when they are already there.
set -euo pipefail

AXE_CORE_VERSION=4.14.1
AXE_DIR=build/node

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        SUDO=sudo
    else
        SUDO=
    fi
    echo "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
fi

installed=$(node -p "require('./$AXE_DIR/node_modules/axe-core/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$AXE_CORE_VERSION" ]; then
    echo "installing npm axe-core@$AXE_CORE_VERSION into $AXE_DIR"
    mkdir -p "$AXE_DIR"
    npm install --prefix "$AXE_DIR" --no-save --no-audit --no-fund --silent "axe-core@$AXE_CORE_VERSION"
fi
