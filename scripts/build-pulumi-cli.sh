#!/usr/bin/env bash
# Builds the Pulumi CLI and a Node.js language host from the Go module proxy into a cache folder.
#
#   bash scripts/build-pulumi-cli.sh <version> <dest-dir>
#
# Used only when no official CLI of the pinned version is installed or downloadable. The CLI is
# github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at that tag, pinned by scripts/pulumi-cli/go.sum. The
# upstream language host module is not served by the proxy, so scripts/pulumi-cli/langhost builds a
# minimal one from the same SDK protocol (see its doc comment). Several minutes on 2 cores the first
# time; later builds reuse Go's module and build caches.
set -euo pipefail
version=$1
dest=$2
src=$(cd "$(dirname "$0")/pulumi-cli" && pwd)
say() { printf '[pulumi-cli] %s\n' "$*" >&2; }

command -v go >/dev/null || {
    say "ERROR: no Pulumi CLI v$version on PATH or in $dest, its download failed (offline?),"
    say "       and Go is not installed to build it. Install Go >= 1.25 or the Pulumi CLI v$version."
    exit 1
}
grep -q "github.com/pulumi/pulumi/pkg/v3 v$version\$" "$src/go.mod" || {
    say "ERROR: scripts/pulumi-cli/go.mod does not pin pkg/v3 v$version; update it to match package.json"
    exit 1
}

mkdir -p "$dest"
lock="$dest/.build.lock"
exec 9>"$lock"
if ! flock -n 9; then
    say "another build of v$version is running; waiting for it"
    flock 9
    [ -x "$dest/pulumi" ] && [ -x "$dest/pulumi-language-nodejs" ] && exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/build.log"
say "building Pulumi CLI v$version from the Go module proxy into $dest"
say "first build: downloads ~300 modules and compiles for several minutes; progress every 30 s"
source "$(dirname "$0")/progress.sh"
start=$(date +%s)
start_progress
trap 'kill $progress_pid 2>/dev/null; rm -rf "$work"' EXIT

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
if ! (cd "$src" && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" \
        -o "$work/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi &&
      go build -trimpath -ldflags "-s -w -X main.version=$version" \
        -o "$work/pulumi-language-nodejs" ./langhost) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "ERROR: go build failed (log above). The Go module proxy must be reachable for the first build."
    exit 1
fi
install -m 755 "$work/pulumi" "$work/pulumi-language-nodejs" "$dest/"
say "built in $(( $(date +%s) - start )) s: $("$dest/pulumi" version)"
