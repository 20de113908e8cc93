#!/usr/bin/env bash
# Long-running checks kept out of `npm test`: the rotation soak (10 RotatingCredentials bumps with a
# concurrent token consumer) and, when present, the randomised fault loop (dist/soak/run.js).
# Run through `npm run soak`, which provides the toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/link-self.cjs
npx tsc -p tsconfig.json
ROTATION_SOAK_BUMPS="${ROTATION_SOAK_BUMPS:-10}" npx ava dist/test/rotation/rotating-credentials.test.js
if [ -f dist/soak/run.js ]; then node dist/soak/run.js "$@"; fi
