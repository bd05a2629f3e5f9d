#!/bin/sh
# Installs Debian's Chromium when it is missing. The browser tests drive it
# through Playwright with executable_path=/usr/bin/chromium.
set -e
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests are skipped locally; CI fails without it)." >&2
    exit 0
fi
echo "Installing Debian's chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
