#!/usr/bin/env bash
# Builds an installable package of a generated SDK into build/sdk/ (git-ignored).
#
#   bash scripts/pack-sdk.sh nodejs    (npm run sdk:nodejs)  build/sdk/pulumi-bringg-sdk-<version>.tgz
#   bash scripts/pack-sdk.sh python    (npm run sdk:python)  build/sdk/pulumi_bringg-<version>-py3-none-any.whl
#
# Works on a copy of sdk/<language> in build/stage/, so sdk/ keeps only generated sources (what
# `npm run sdk:check` compares). Node.js: compiled with the repository's TypeScript and
# @pulumi/pulumi (the stage sits under the repository, so its imports resolve to node_modules/), then
# packed from the compiled folder with package.json and README.md, as Pulumi providers publish
# theirs. Python: a wheel built by pip from the generated pyproject.toml, in a virtual environment
# at .tools/python (git-ignored; pip fetches setuptools from PyPI into its isolated build), the one
# scripts/python-toolchain.sh fills for the Python SDK's test.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/sdk
say() { printf '[sdk] %s\n' "$*" >&2; }

language=${1:-}
case "$language" in
    nodejs | python) ;;
    *) say "usage: pack-sdk.sh nodejs|python"; exit 2 ;;
esac
[ -f "$repo/sdk/$language/README.md" ] || { say "ERROR: sdk/$language is missing: run \`npm run sdk\`"; exit 1; }
stage=$repo/build/stage/$language
rm -rf "$stage"
mkdir -p "$stage" "$out"
cp -R "$repo/sdk/$language/." "$stage/"

if [ "$language" = nodejs ]; then
    tsc=$repo/node_modules/typescript/bin/tsc
    [ -f "$tsc" ] || { say "ERROR: no node_modules/typescript: run \`npm ci\` first"; exit 1; }
    (cd "$stage" && node "$tsc" -p tsconfig.json)
    cp "$stage/package.json" "$stage/README.md" "$stage/bin/"
    tarball=$(cd "$stage/bin" && npm pack --silent --pack-destination "$out")
    say "built $out/$tarball"
    exit 0
fi

python=$(command -v python3 || command -v python || true)
[ -n "$python" ] || { say "ERROR: Python 3 is not installed; install python3 (with its venv module) to build the Python SDK"; exit 1; }
venv=$repo/.tools/python
if [ ! -x "$venv/bin/pip" ]; then
    say "creating a virtual environment in .tools/python"
    "$python" -m venv "$venv" || {
        say "ERROR: could not create a virtual environment; install the venv module (Debian: apt-get install python3-venv)"
        exit 1
    }
fi
version=$(node -p 'require(process.argv[1]).version' "$repo/package.json")
rm -f "$out"/pulumi_bringg-*.whl
"$venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$out" "$stage"
say "built $(ls "$out"/pulumi_bringg-"$version"-*.whl)"
