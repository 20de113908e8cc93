#!/usr/bin/env bash
# Provides what a Pulumi Python program needs on this machine, for the Python SDK's tests and
# examples/python. Idempotent, and quick (no Python started) once done. Called by toolchain.sh.
#
#   bash scripts/python-toolchain.sh <pulumi version> [<folder for the language host>]
#
# 1. .tools/python (git-ignored), a virtual environment with `pulumi==<pulumi version>` (the Python
#    SDK at the CLI's version, from PyPI) and mypy (pinned below), which type-checks examples/python
#    against the generated SDK. scripts/pack-sdk.sh builds the SDK's wheel with the same venv.
# 2. With a folder: scripts/python-host/ copied into it (the folder of a CLI built here, which has
#    no Python language host). That host is a TEST-ONLY stand-in (see its files); a user's Pulumi
#    CLI ships the upstream one, so nothing of this is ever needed on a user's machine.
#
# TOOLCHAIN_PYTHON overrides the Python the environment is made with (default: python3 on PATH).
set -euo pipefail

mypy_version=2.4.1

pulumi_version=${1:?usage: python-toolchain.sh <pulumi version> [<host folder>]}
host_dir=${2:-}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=$repo/.tools/python
say() { printf '[python] %s\n' "$*" >&2; }

install_host() {
    [ -n "$host_dir" ] || return 0
    local file changed=
    for file in pulumi-language-python pulumi-language-python-standin.py; do
        cmp -s "$repo/scripts/python-host/$file" "$host_dir/$file" && continue
        # Several clones share the folder: write a temporary copy and rename it over the old one.
        install -m 755 "$repo/scripts/python-host/$file" "$host_dir/.$file.$$"
        mv -f "$host_dir/.$file.$$" "$host_dir/$file"
        changed=1
    done
    [ -z "$changed" ] || say "installed the test-only Python language host stand-in into $host_dir"
}

stamp_wanted="pulumi==$pulumi_version mypy==$mypy_version"
if [ "$(cat "$venv/.installed" 2>/dev/null)" = "$stamp_wanted" ] && [ -x "$venv/bin/python" ]; then
    install_host
    exit 0
fi

source "$repo/scripts/find-python.sh"
python=$(find_python "${TOOLCHAIN_PYTHON:-python3}" 10 \
    "Pulumi's Python SDK needs Python 3.10 or newer (python3), with venv and pip." "the Python toolchain") || exit 1

mkdir -p "$repo/.tools"
exec 9>"$venv.lock"
flock 9
if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$stamp_wanted" ]; then
    start=$(date +%s)
    if [ ! -x "$venv/bin/pip" ]; then
        say "creating a virtual environment in .tools/python"
        rm -rf "$venv"
        "$python" -m venv "$venv" >&2 || {
            say "ERROR: could not create a virtual environment with $python; install python3-venv (Debian/Ubuntu: apt-get install python3-venv)"
            exit 1
        }
    fi
    say "installing $stamp_wanted from PyPI into .tools/python"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
        "pulumi==$pulumi_version" "mypy==$mypy_version" >&2 || {
        say "ERROR: pip could not install $stamp_wanted (see above); PyPI must be reachable"
        exit 1
    }
    echo "$stamp_wanted" >"$venv/.installed"
    say "ready in $(( $(date +%s) - start )) s"
fi
install_host
