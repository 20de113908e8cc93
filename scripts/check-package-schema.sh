#!/usr/bin/env bash
# Validates schema/pulumi-package.json (or the file given) with the Pulumi codegen's BindSpec at the
# CLI's version: the metaschema check and the binding that SDK generation does.
#
#   bash scripts/check-package-schema.sh [schema.json]      (npm run package-schema:check)
#
# Builds scripts/pulumi-cli/schemacheck with the CLI's pinned go.mod and go.sum (modules from the Go
# module proxy the first time; about 10 s once Go's caches hold them, a few minutes before).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
file=$(realpath "${1:-$repo/schema/pulumi-package.json}")

command -v go >/dev/null || {
    echo "[package-schema] ERROR: Go is not installed; install Go >= 1.25 to validate the package schema" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo/scripts/pulumi-cli" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o "$work/schemacheck" ./schemacheck)
"$work/schemacheck" "$file"
