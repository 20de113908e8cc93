#!/usr/bin/env bash
# Builds the Pulumi YAML language host (pulumi-language-yaml) from the Go module proxy into the
# folder of the Pulumi CLI.
#
#   bash scripts/build-yaml-host.sh <version> <dest-dir>
#
# The CLI runs `runtime: yaml` programs with the pulumi-language-yaml beside its own binary: the
# official CLI ships one, the CLI built from the Go module proxy (scripts/build-pulumi-cli.sh) does
# not, and `pulumi plugin install language yaml` refuses a bundled language. The version is pinned
# in package.json (config.pulumiLanguageYaml); the module's own go.mod and go.sum pin its
# dependencies (`go install <module>@<version>`). A few minutes on 2 cores the first time.
set -euo pipefail
version=$1
dest=$2
module=github.com/pulumi/pulumi-yaml
say() { printf '[pulumi-yaml] %s\n' "$*" >&2; }

command -v go >/dev/null || {
    say "ERROR: $dest has no pulumi-language-yaml v$version and Go is not installed to build it."
    say "       Install Go >= 1.24 (or an official Pulumi CLI, which ships the YAML language host)."
    exit 1
}

mkdir -p "$dest"
exec 9>"$dest/.yaml-build.lock"
if ! flock -n 9; then
    say "another build of pulumi-language-yaml is running; waiting for it"
    flock 9
fi
# The build that held the lock may have installed it.
if [ -x "$dest/pulumi-language-yaml" ] &&
    grep -q "mod[[:space:]]$module[[:space:]]v$version[[:space:]]" <<<"$(go version -m "$dest/pulumi-language-yaml" 2>/dev/null)"; then
    exit 0
fi

work=$(mktemp -d)
log="$work/build.log"
say "building pulumi-language-yaml v$version from the Go module proxy into $dest"
say "first build: downloads its modules and compiles for a few minutes; progress every 30 s"
source "$(dirname "$0")/progress.sh"
start=$(date +%s)
start_progress
trap 'kill $progress_pid 2>/dev/null; rm -rf "$work"' EXIT

# -mod=mod: the module's go.mod is used as published (a GOFLAGS=-mod=readonly in the caller's
# environment would refuse it). GOBIN: a temp folder, installed into $dest only when complete.
ldflags="-s -w -X $module/pkg/version.Version=v$version"
if ! (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOBIN="$work/bin" \
        go install -trimpath -ldflags "$ldflags" "$module/cmd/pulumi-language-yaml@v$version") >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    say "ERROR: go install failed (log above). The Go module proxy must be reachable for the first build."
    exit 1
fi
install -m 755 "$work/bin/pulumi-language-yaml" "$dest/"
say "built in $(( $(date +%s) - start )) s: $dest/pulumi-language-yaml v$version"
