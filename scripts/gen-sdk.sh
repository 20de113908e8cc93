#!/usr/bin/env bash
# Generates the Node.js and Python SDKs of the native provider into sdk/nodejs and sdk/python from
# schema/pulumi-package.json, with the Pulumi codegen at the CLI's version (scripts/pulumi-cli/sdkgen).
#
#   bash scripts/gen-sdk.sh            (npm run sdk)        regenerate sdk/, then commit it
#   bash scripts/gen-sdk.sh --check    (npm run sdk:check)  fail when sdk/ differs from what it generates
#
# sdk/ is committed, as Pulumi providers commit theirs: a change to the schema shows as a change to
# the SDKs in review. The schema comes first (`npm run schema`); this reads the committed file.
# Builds sdkgen with the CLI's pinned go.mod and go.sum, as check-package-schema.sh builds schemacheck
# (about a minute with Go's caches warm, longer before).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
schema=$repo/schema/pulumi-package.json
say() { printf '[sdk] %s\n' "$*" >&2; }

check=false
case "${1:-}" in
    "") ;;
    --check) check=true ;;
    *) say "usage: gen-sdk.sh [--check]"; exit 2 ;;
esac
command -v go >/dev/null || {
    say "ERROR: Go is not installed; install Go >= 1.25 to generate the SDKs"
    exit 1
}
# The SDKs take the schema's version; a stale schema would stamp an old one.
schema_version=$(node -p 'require(process.argv[1]).version' "$schema")
package_version=$(node -p 'require(process.argv[1]).version' "$repo/package.json")
[ "$schema_version" = "$package_version" ] || {
    say "ERROR: schema/pulumi-package.json is version $schema_version, package.json $package_version: run \`npm run schema\` first"
    exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo/scripts/pulumi-cli" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o "$work/sdkgen" ./sdkgen)
if ! $check; then
    "$work/sdkgen" "$schema" "$repo/sdk"
    exit 0
fi
"$work/sdkgen" "$schema" "$work/sdk" >/dev/null
# What the generated .gitignore files leave out (a local `npm install`, tsc or pip build in sdk/).
ignored=(-x node_modules -x bin -x __pycache__ -x '*.pyc' -x .mypy_cache -x dist -x build -x '*.egg-info')
if ! diff -r "${ignored[@]}" "$repo/sdk" "$work/sdk" >"$work/diff"; then
    head -n 60 "$work/diff" >&2
    say "ERROR: sdk/ differs from what schema/pulumi-package.json generates: run \`npm run sdk\` and commit sdk/"
    exit 1
fi
say "sdk/ is what schema/pulumi-package.json generates"
