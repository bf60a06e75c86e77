#!/bin/sh
# Installs @microsoft/sarif-multitool (the SARIF validator with GitHub's ingestion rules,
# GH1001-GH2012) into a cache directory outside the repository, and prints the path of its
# Sarif.Multitool binary on stdout (everything else goes to stderr):
#
#   export AML_AUDIT_SARIF_MULTITOOL="$(scripts/install-sarif-multitool.sh)"
#
# tests/reports/test_sarif.py finds the binary through AML_AUDIT_SARIF_MULTITOOL, then this
# script's cache directory, then node_modules in the repository root. The package is ~104 MB (a
# self-contained .NET build for linux-x64), hence the cache. A second run reuses it.
set -eu

VERSION="${SARIF_MULTITOOL_VERSION:-5.7.0}"
CACHE="${AML_AUDIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aml-audit}"
PREFIX="$CACHE/sarif-multitool-$VERSION"
BINARY="$PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
# The validator needs no culture data; this spares the libicu dependency on slim machines.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

say() { echo "install-sarif-multitool: $*" >&2; }

if [ ! -x "$BINARY" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "npm is missing; installing Debian's npm"
            apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
        else
            say "npm is not installed (apt-get install npm, or install Node.js)"
            exit 1
        fi
    fi
    mkdir -p "$PREFIX"
    # --prefix keeps it out of the repository; the linux binary is an optional dependency.
    npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --loglevel=error \
        "@microsoft/sarif-multitool@$VERSION" >&2
fi
if [ ! -x "$BINARY" ]; then
    say "$BINARY is missing after npm install (is this linux-x64?)"
    exit 1
fi
if ! "$BINARY" --version >/dev/null 2>&1; then
    say "$BINARY does not start"
    exit 1
fi
echo "$BINARY"
