#!/usr/bin/env bash
# One transactional import timed against a fresh local Neo4j holding the seed (README "Measured
# (transactional import)"):
#   bash bench/import-run.sh <checkout> <format> <file> [label]
# <checkout> is a papergraph checkout with `npm ci` and `npm run build` done (this one, or a
# `git worktree` of an older commit to compare); the Neo4j is started from this checkout, on Bolt
# port 7781, in a new directory under ${IMPORT_RUN_DIR:-/tmp/import-runs}, and stopped afterwards.
# Prints one line: works/s (the importer's summary), wall time, peak RSS and CPU of the importer
# (/usr/bin/time), the Neo4j's CPU over the import (/proc/<pid>/stat) and the load average.
# Interleave runs of the commits compared (A B A B A) and report the median with min–max.
set -euo pipefail
checkout=$(cd "$1" && pwd); format=$2; file=$3; label=${4:-$(git -C "$checkout" rev-parse --short HEAD)}
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${IMPORT_RUN_DIR:-/tmp/import-runs}-$format-$label-XXXX")
NEO4J_DATA_DIR=$dir/data NEO4J_HOME_DIR=$dir/home NEO4J_BOLT_PORT=7781 NEO4J_HEAP=1g NEO4J_PAGECACHE=1g \
  node "$here/dist/cli/neo4j.js" >"$dir/neo4j.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
until grep -q "Neo4j is running" "$dir/neo4j.log"; do
  kill -0 $server 2>/dev/null || { echo "Neo4j did not start: $dir/neo4j.log" >&2; exit 1; }
  sleep 1
done
java=$(pgrep -f "^java .*$dir/" | head -1)
cpu() { awk '{print $14 + $15}' "/proc/$java/stat"; }
before=$(cpu)
(cd "$checkout" && NEO4J_URI=bolt://127.0.0.1:7781 /usr/bin/time -f '%e s wall, %M KB peak RSS, user %U s, sys %S s' \
  node dist/cli/import.js --format "$format" --no-link "$file") >"$dir/import.log" 2>&1
after=$(cpu)
echo "$format $label: $(grep '^Import (' "$dir/import.log" | grep -o '[0-9]* works/s') | $(tail -1 "$dir/import.log") |" \
  "Neo4j CPU $(((after - before) / $(getconf CLK_TCK))) s | load $(cut -d' ' -f1-3 /proc/loadavg)"
