#!/bin/bash
# TCP golden suite: tapir's tcp.* fields (header, options, stream numbers,
# sequence analysis) against tshark 4.0's on every capture of
# tests/golden/tcp/captures.list; see tests/golden/tcp/compare.py for the
# gates. Expected files come from tests/golden/regen-tcp.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
BUILD=${BUILD:-build}
src=${TAPIR:-$GOLDEN_DIR/../../$BUILD/tapir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tapir=$(snapshot_tapir "$src" "$tmp") || { echo "run-tcp: no tapir binary at $src"; echo "0 passed, 1 failed"; exit 1; }
exec python3 "$GOLDEN_DIR/tcp/compare.py" "$tapir" "$GOLDEN_DIR" "$CAPTURES_DIR"
