#!/usr/bin/env bash
# The whole suite: build, then every ava test (unit, emulator, and real-CLI end-to-end tests).
# Run through `npm test`, which provides the toolchain (scripts/with-toolchain.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/link-self.cjs
npx tsc -p tsconfig.json
npx ava "$@"
