#!/usr/bin/env bash
# Runs a command with the project's toolchain (Node >= 22.12, the pinned Pulumi CLI) on PATH.
set -e
# shellcheck source=toolchain.sh
source "$(dirname "$0")/toolchain.sh"
exec "$@"
