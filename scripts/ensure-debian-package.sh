#!/bin/sh
# Installs a Debian package when the program it provides is missing.
#   ensure-debian-package.sh PROGRAM PACKAGE WHAT-NEEDS-IT [EXTRA-PACKAGE...]
# `make browser` uses it for Chromium (the browser tests drive /usr/bin/chromium through
# Playwright) and `make virtuoso` for Virtuoso (the server binary only: no system service,
# no debconf password prompt; the suite starts it on loopback and stops it).
set -e
program=$1 package=$2 what=$3
shift 3
if [ -x "$program" ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "$program is missing: run 'sudo apt-get install $package' ($what are skipped locally; CI fails without it)." >&2
    exit 0
fi
echo "Installing Debian's $package for the $what..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$package" "$@" >/dev/null
