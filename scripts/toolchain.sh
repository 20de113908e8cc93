#!/usr/bin/env bash
# Provisions the toolchain this project runs on, then exports it into the calling shell.
#
#   source scripts/toolchain.sh     # PATH gets Node >= 22.12 and the pinned Pulumi CLI
#   bash scripts/toolchain.sh       # provision only (prints what it found)
#
# Node: the machine's node when it is 22.12 or newer, else the npm package node@24 installed into
# .tools/node (git-ignored). Pulumi CLI: the version pinned as the `pulumi` devDependency, found in
# this order: a `pulumi` of that version on PATH; the npm launcher's cache
# $PULUMI_HOME/versions/<v>/bin; the launcher's normal download; else built from the Go module proxy
# into that same cache (scripts/build-pulumi-cli.sh). The cache lives outside the repo, so every
# clone on the machine (and CI) reuses one build.
# Pulumi YAML language host: pulumi-language-yaml of the version pinned as package.json's
# config.pulumiLanguageYaml beside the CLI in that cache, built from the Go module proxy when it is
# missing or of another version (scripts/build-yaml-host.sh). A CLI found on PATH outside the cache
# keeps the host it ships with (official releases bundle one); only when it has none is the pinned
# one built into the cache folder, which then joins PATH.
# Python (scripts/python-toolchain.sh): the virtual environment .tools/python (`pulumi` at the CLI's
# version from PyPI, mypy) and, beside a CLI built here, a test-only stand-in for the Python language
# host. Without Python only a warning: the Python SDK's test then fails and says what to install.
set -o pipefail

_tc_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_tc_node_version=24.9.0

_tc_say() { printf '[toolchain] %s\n' "$*" >&2; }

# True when node $1 can require() an ES module (got 16) without a flag: 22.12 or later.
_tc_node_ok() {
    [ "$("$1" -p 'const [major, minor] = process.versions.node.split(".").map(Number); major > 22 || (major === 22 && minor >= 12)' 2>/dev/null)" = true ]
}

_tc_ensure_node() {
    local have
    have=$(command -v node || true)
    if [ -n "$have" ] && _tc_node_ok "$have"; then
        return 0
    fi
    local bin="$_tc_repo/.tools/node/node_modules/.bin"
    if [ ! -x "$bin/node" ] || ! _tc_node_ok "$bin/node"; then
        _tc_say "node ${have:+$($have --version) }is older than 22.12: installing node@$_tc_node_version from the npm registry into .tools/node"
        mkdir -p "$_tc_repo/.tools/node"
        npm install --prefix "$_tc_repo/.tools/node" --no-save --no-package-lock --no-audit --no-fund \
            --loglevel=error "node@$_tc_node_version" >&2 || {
            _tc_say "ERROR: could not install node@$_tc_node_version with npm; install Node.js 22.12 or newer and retry"
            return 1
        }
    fi
    export PATH="$bin:$PATH"
}

_tc_pulumi_version() {
    node -p 'require(process.argv[1]).devDependencies.pulumi' "$_tc_repo/package.json"
}

# A directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs of $1.
_tc_complete_cli_dir() {
    local dir=$1 version=$2
    [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-nodejs" ] || return 1
    [ "$("$dir/pulumi" version 2>/dev/null)" = "v$version" ] || return 1
    # The dynamic-provider launcher ships with @pulumi/pulumi; a hand-built CLI lacks it, and
    # without it the engine tries to download a "pulumi-nodejs" plugin.
    if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
        local launcher="$_tc_repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
        [ -f "$launcher" ] && install -m 755 "$launcher" "$dir/" 2>/dev/null || return 1
    fi
}

_tc_ensure_pulumi() {
    local version cache on_path
    version=$(_tc_pulumi_version) || return 1
    export PULUMI_HOME=${PULUMI_HOME:-$HOME/.pulumi}
    cache="$PULUMI_HOME/versions/$version/bin"

    on_path=$(command -v pulumi || true)
    if [ -n "$on_path" ] && _tc_complete_cli_dir "$(dirname "$(readlink -f "$on_path")")" "$version"; then
        export PULUMI_CLI_DIR=$(dirname "$(readlink -f "$on_path")")
        return 0
    fi
    if ! _tc_complete_cli_dir "$cache" "$version"; then
        local launcher="$_tc_repo/node_modules/pulumi/run.js"
        if [ -f "$launcher" ] && [ ! -x "$cache/pulumi" ]; then
            _tc_say "trying the npm pulumi launcher's download of v$version"
            PULUMI_VERSION=$version timeout 120 node "$launcher" version >/dev/null 2>&1 || true
        fi
    fi
    if ! _tc_complete_cli_dir "$cache" "$version"; then
        bash "$_tc_repo/scripts/build-pulumi-cli.sh" "$version" "$cache" || return 1
        _tc_complete_cli_dir "$cache" "$version" || {
            _tc_say "ERROR: $cache is incomplete after the build (need pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs)"
            return 1
        }
    fi
    export PULUMI_CLI_DIR=$cache
    export PATH="$cache:$PATH"
}

_tc_yaml_host_version() {
    node -p 'require(process.argv[1]).config.pulumiLanguageYaml' "$_tc_repo/package.json"
}

# True when $1/pulumi-language-yaml is version $2; without Go to read its build info, when it exists.
_tc_yaml_host_ok() {
    local bin=$1/pulumi-language-yaml version=$2
    [ -x "$bin" ] || return 1
    command -v go >/dev/null || return 0
    # Read whole before matching: `grep -q` closing the pipe early fails it under pipefail.
    local info
    info=$(go version -m "$bin" 2>/dev/null) || return 1
    grep -q "mod[[:space:]]github.com/pulumi/pulumi-yaml[[:space:]]v$version[[:space:]]" <<<"$info"
}

_tc_ensure_yaml_host() {
    local version cache
    version=$(_tc_yaml_host_version) || return 1
    cache="$PULUMI_HOME/versions/$(_tc_pulumi_version)/bin"
    if [ "$PULUMI_CLI_DIR" != "$cache" ] && [ -x "$PULUMI_CLI_DIR/pulumi-language-yaml" ]; then
        return 0
    fi
    if ! _tc_yaml_host_ok "$cache" "$version"; then
        bash "$_tc_repo/scripts/build-yaml-host.sh" "$version" "$cache" || return 1
    fi
    # A CLI from PATH without a YAML host of its own finds the cache's on PATH (ambient plugins).
    [ "$PULUMI_CLI_DIR" = "$cache" ] || export PATH="$PATH:$cache"
}

_tc_ensure_python() {
    local cache host_dir=
    cache="$PULUMI_HOME/versions/$(_tc_pulumi_version)/bin"
    # A CLI found on PATH keeps the Python host it ships with (official releases bundle one).
    if [ "$PULUMI_CLI_DIR" = "$cache" ] || [ ! -x "$PULUMI_CLI_DIR/pulumi-language-python" ]; then
        host_dir=$cache
    fi
    bash "$_tc_repo/scripts/python-toolchain.sh" "$(_tc_pulumi_version)" "$host_dir" ||
        _tc_say "WARNING: no Python toolchain (see above): examples/python and its test will not run"
}

_tc_engine_env() {
    # The engine must never reach out: no update check, no plugin downloads, no telemetry.
    export PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
    export PULUMI_SKIP_CONFIRMATIONS=true
    # node:sqlite, used by a dependency of the program runner, warns on every program run.
    export NODE_OPTIONS="--disable-warning=ExperimentalWarning${NODE_OPTIONS:+ $NODE_OPTIONS}"
}

# TOOLCHAIN_NODE_ONLY=1: Node alone (`npm run test:unit` needs no Pulumi CLI, so it never builds one,
# nor the YAML language host, nor the Python toolchain).
if _tc_ensure_node && { [ -n "${TOOLCHAIN_NODE_ONLY:-}" ] || { _tc_ensure_pulumi && _tc_ensure_yaml_host && _tc_ensure_python; }; }; then
    _tc_engine_env
    if [ "${BASH_SOURCE[0]}" = "$0" ]; then
        _tc_say "node $(node --version) at $(command -v node)"
        [ -n "${TOOLCHAIN_NODE_ONLY:-}" ] || _tc_say "pulumi $(pulumi version) at $PULUMI_CLI_DIR"
        [ -n "${TOOLCHAIN_NODE_ONLY:-}" ] || _tc_say "pulumi-language-yaml at $(command -v pulumi-language-yaml)"
        [ -n "${TOOLCHAIN_NODE_ONLY:-}" ] || _tc_say "pulumi-language-python at $(command -v pulumi-language-python || echo "(none)")"
    fi
else
    _tc_say "ERROR: toolchain incomplete (see above)"
    # shellcheck disable=SC2317
    return 1 2>/dev/null || exit 1
fi
