#!/usr/bin/env bash
# Builds the native provider plugin's tarball, the file `pulumi plugin install` takes:
#
#   npm run plugin                       # build, then pack into build/plugin/
#   bash scripts/build-plugin.sh --no-build [out-dir]   # pack the dist/ already built (tests)
#
# Writes <out-dir>/pulumi-resource-bringg-v<version>-linux-amd64.tar.gz (default out-dir: build/plugin/,
# git-ignored) holding the launcher `pulumi-resource-bringg` (a shell script that runs the plugin
# with the `node` on PATH, 22.12 or newer) and a node_modules with this package and its production
# dependencies, @pulumi/pulumi (the plugin's gRPC stubs) included. Install it with
#
#   pulumi plugin install resource bringg <version> --file <tarball>
#
# The code is plain JavaScript: the "linux-amd64" in the name is what `pulumi plugin install`
# expects for this machine, and the same tarball works on any OS with Node and a POSIX shell.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=1
if [ "${1:-}" = "--no-build" ]; then
    build=0
    shift
fi
out=$(mkdir -p "${1:-$repo/build/plugin}" && cd "${1:-$repo/build/plugin}" && pwd)
version=$(node -p 'require(process.argv[1]).version' "$repo/package.json")
sdk=$(node -p 'require(process.argv[1]).devDependencies["@pulumi/pulumi"]' "$repo/package.json")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { printf '[plugin] %s\n' "$*" >&2; }

if [ "$build" = 1 ]; then
    say "building"
    (cd "$repo" && npm run --silent build)
fi
# --ignore-scripts: prepack would delete and rebuild dist/ (which the line above just built).
tarball=$(cd "$repo" && npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)
mkdir -p "$work/plugin"
cat >"$work/plugin/package.json" <<JSON
{ "name": "pulumi-resource-bringg", "version": "$version", "private": true,
  "dependencies": { "pulumi-bringg": "file:../$tarball", "@pulumi/pulumi": "$sdk" } }
JSON
say "installing pulumi-bringg $version and its production dependencies"
(cd "$work/plugin" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error --install-links >/dev/null)
rm -f "$work/plugin/package-lock.json"
cat >"$work/plugin/pulumi-resource-bringg" <<'SH'
#!/bin/sh
# The Bringg provider plugin (pulumi-bringg): needs Node.js 22.12 or newer on PATH.
here=$(cd "$(dirname "$0")" && pwd)
node=${PULUMI_BRINGG_NODE:-node}
if ! "$node" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null; then
    echo "pulumi-resource-bringg: needs Node.js 22.12 or newer on PATH (found: $("$node" --version 2>/dev/null || echo none)); install it, or set PULUMI_BRINGG_NODE to its path" >&2
    exit 1
fi
exec "$node" "$here/node_modules/pulumi-bringg/dist/provider/native/main.js" "$@"
SH
chmod 755 "$work/plugin/pulumi-resource-bringg"
name="pulumi-resource-bringg-v$version-linux-amd64.tar.gz"
tar -czf "$out/$name" -C "$work/plugin" .
say "wrote $out/$name ($(du -h "$out/$name" | cut -f1))"
echo "$out/$name"
