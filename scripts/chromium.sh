#!/usr/bin/env bash
# Makes sure a Chromium the browser tests can drive is installed (idempotent).
#
#   bash scripts/chromium.sh        # install when missing, print the binary's path
#
# The tests drive the system's Chromium with playwright-core (which downloads no browser). The
# binary is $CHROMIUM_PATH when set, else the first of chromium / chromium-browser on PATH. When
# none is found and we are root with apt-get, Debian's `chromium` package is installed; otherwise
# the script prints how to install it and fails, so the browser tests never skip silently.
set -o pipefail

_cr_say() { printf '[chromium] %s\n' "$*" >&2; }

_cr_find() {
    if [ -n "${CHROMIUM_PATH:-}" ]; then
        [ -x "$CHROMIUM_PATH" ] && { echo "$CHROMIUM_PATH"; return 0; }
        _cr_say "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file"
        return 1
    fi
    command -v chromium || command -v chromium-browser
}

if _cr_find >/dev/null 2>&1; then
    _cr_find
    exit 0
fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    _cr_say "Chromium not found: installing Debian's chromium package with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >&2 || {
        _cr_say "ERROR: apt-get could not install chromium"
    }
    if _cr_find >/dev/null 2>&1; then
        _cr_find
        exit 0
    fi
fi
_cr_say "ERROR: no Chromium found for the browser tests. Install it with"
_cr_say "    sudo apt-get update && sudo apt-get install -y chromium      # Debian/Ubuntu"
_cr_say "or point CHROMIUM_PATH at a Chromium/Chrome binary."
exit 1
