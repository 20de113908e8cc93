#!/usr/bin/env bash
# The whole suite: build, then every ava test (unit, emulator, real-CLI end-to-end and browser tests).
# Run through `npm test`, which provides the toolchain (scripts/with-toolchain.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/link-self.cjs
# The settings-page test drives the system's Chromium: install it now if it is missing (Debian,
# root); when that is impossible the test itself fails with the install hint.
bash scripts/chromium.sh >/dev/null || echo "[test] no Chromium: the browser test will fail (see above)" >&2
# Lint (Biome, configured in biome.jsonc) before the build: it takes seconds and needs no build.
npm run --silent lint
npx tsc -p tsconfig.json
# moto (the local AWS emulator of the secret-delivery tests) is installed here rather than inside a
# test, where a first install (minutes) would run into ava's timeout. Without Python this only
# warns: the tests that need moto then fail and say what to install.
bash scripts/moto.sh >/dev/null || echo "[test] moto could not be installed (see above); the secret-delivery tests will fail" >&2
npx ava "$@"
