#!/bin/sh
# Installs Debian's Virtuoso (the server binary only: no system service, no debconf
# password prompt) when it is missing. The suite starts it itself on loopback with
# tests/virtuoso/virtuoso.ini and stops it at the end.
set -e
if [ -x /usr/bin/virtuoso-t ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "Virtuoso is missing: run 'sudo apt-get install virtuoso-opensource-7-bin' (the remote-store tests need it; CI fails without it)." >&2
    exit 0
fi
echo "Installing Debian's virtuoso-opensource-7-bin for the remote-store tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends virtuoso-opensource-7-bin >/dev/null
