# Sourced by the scripts that make a Python virtual environment (scripts/moto.sh,
# scripts/python-toolchain.sh):
#
#   python=$(find_python <interpreter> <minor> <what needs which Python> <what needs venv>) || exit 1
#
# gives the path of an interpreter of Python 3.<minor> or newer with the venv and ensurepip modules,
# or says with the caller's `say` what to install and fails.
find_python() {
    local name=$1 minor=$2 requirement=$3 purpose=$4 python
    python=$(command -v "$name" || true)
    if [ -z "$python" ] || ! "$python" -c "import sys; sys.exit(0 if sys.version_info >= (3, $minor) else 1)" 2>/dev/null; then
        say "ERROR: $requirement"
        say "Install it, e.g. on Debian/Ubuntu: apt-get install python3 python3-venv python3-pip"
        exit 1
    fi
    if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
        say "ERROR: $python has no venv/ensurepip module, which $purpose needs."
        say "Install it, e.g. on Debian/Ubuntu: apt-get install python3-venv python3-pip"
        exit 1
    fi
    printf '%s\n' "$python"
}
