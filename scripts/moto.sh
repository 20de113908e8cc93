#!/usr/bin/env bash
# Installs moto's server mode (a local AWS emulator; the tests and examples deliver secrets to its
# Secrets Manager) into the git-ignored virtual environment .tools/moto, and prints the path of
# its moto_server. Idempotent and cheap once installed; safe to run from several processes at once.
#
#   bash scripts/moto.sh        # -> /abs/path/.tools/moto/bin/moto_server
#
# MOTO_PYTHON overrides the Python used (default: python3 on PATH), MOTO_VENV the folder.
#
# The version is pinned here and every package it pulls in is pinned in scripts/moto/constraints.txt.
# A fresh install downloads about 60 packages from PyPI (measured: about 2.5 minutes on 2 busy cores).
set -euo pipefail

moto_version=5.2.5

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${MOTO_VENV:-$repo/.tools/moto}
constraints="$repo/scripts/moto/constraints.txt"
say() { printf '[moto] %s\n' "$*" >&2; }

stamp_wanted=$(printf 'moto[server]==%s\n' "$moto_version" | cat - "$constraints" | sha256sum | cut -c1-16)
if [ -x "$venv/bin/moto_server" ] && [ "$(cat "$venv/.installed" 2>/dev/null)" = "$stamp_wanted" ]; then
    echo "$venv/bin/moto_server"
    exit 0
fi

source "$repo/scripts/find-python.sh"
python=$(find_python "${MOTO_PYTHON:-python3}" 9 \
    "the secret-delivery tests need Python 3.9 or newer (python3) to run moto, the local AWS emulator." "installing moto") || exit 1

mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
# Another process may have finished the install while this one waited for the lock.
if [ -x "$venv/bin/moto_server" ] && [ "$(cat "$venv/.installed" 2>/dev/null)" = "$stamp_wanted" ]; then
    echo "$venv/bin/moto_server"
    exit 0
fi

say "installing moto[server]==$moto_version from PyPI into $venv (a few minutes the first time)"
rm -rf "$venv"
"$python" -m venv "$venv" >&2 || {
    say "ERROR: could not create a virtual environment with $python; install python3-venv (Debian/Ubuntu: apt-get install python3-venv)"
    exit 1
}
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
    -c "$constraints" "moto[server]==$moto_version" >&2 || {
    say "ERROR: pip could not install moto[server]==$moto_version (see above); PyPI must be reachable"
    exit 1
}
echo "$stamp_wanted" >"$venv/.installed"
say "installed $("$venv/bin/python" -c 'import moto; print("moto", moto.__version__)')"
echo "$venv/bin/moto_server"
