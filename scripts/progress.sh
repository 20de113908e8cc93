# Sourced by the long builds (scripts/build-pulumi-cli.sh, scripts/build-yaml-host.sh): while one
# runs, says "... still building (N s)" every 30 s with the caller's `say`. `start_progress` sets
# $progress_pid; the caller's EXIT trap kills it, and it takes its pending `sleep` with it (an
# orphaned sleep would hold the caller's stderr open for up to 30 s more).
start_progress() {
    local start
    start=$(date +%s)
    (
        trap 'kill $! 2>/dev/null; exit 0' TERM
        while :; do
            sleep 30 &
            wait $!
            say "... still building ($(($(date +%s) - start)) s)"
        done
    ) &
    progress_pid=$!
}
