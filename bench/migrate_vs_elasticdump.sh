#!/usr/bin/env bash
# Benchmark (not a test): shardlift migrate vs elasticdump, into the same real ES 7 node.
#
#   bench/migrate_vs_elasticdump.sh [build-dir]        (default: build)
#
# 1. shardlift migrate ../shared/bench/bench-speed straight into the node (-p 1 and -p 2);
# 2. shardlift export of the same data dir to NDJSON, imported with elasticdump (npm, installed
#    into <build>/bench-node, never globally) into an index with the same mapping.
# For each: wall time, docs/s, the tool's CPU seconds, the ES node's CPU seconds over the same
# interval (from /proc/<es pid>/stat), and the tool's share of the CPU the two used together.
#
# Environment: SHARDLIFT_BENCH_ES7_URL uses an already running node (its pid comes from
# _nodes/_local/process); otherwise one is started from <build>/es7-home with tests/es7/es7-node.sh
# (heap SHARDLIFT_ES7_HEAP, default 2g) and stopped at the end. SHARDLIFT_SHARED_DIR as for tests.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
shared=$(realpath "${SHARDLIFT_SHARED_DIR:-../shared}")
data=$shared/bench/bench-speed/data
docs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["docs"])' \
  "$shared/bench/bench-speed/corpus.json")
work=$build/bench-migrate
mkdir -p "$work"

started_node=
if [[ -n ${SHARDLIFT_BENCH_ES7_URL:-} ]]; then
  url=$SHARDLIFT_BENCH_ES7_URL
else
  SHARDLIFT_ES7_HOME=$build/es7-home SHARDLIFT_ES7_HEAP=${SHARDLIFT_ES7_HEAP:-2g} \
    tests/es7/es7-node.sh start "$work/node" >/dev/null
  started_node=1
  url=$(cat "$work/node/url")
fi
cleanup() {
  curl -s -XDELETE "$url/bench-sl-*" >/dev/null || true
  curl -s -XDELETE "$url/bench-ed-*" >/dev/null || true
  curl -s -XDELETE "$url/_template/bench-sl-*" >/dev/null || true
  if [[ -n $started_node ]]; then tests/es7/es7-node.sh stop "$work/node" >/dev/null || true; fi
}
trap cleanup EXIT

es_pid=$(curl -s "$url/_nodes/_local/process" |
  python3 -c 'import json,sys; n=json.load(sys.stdin)["nodes"]; print(next(iter(n.values()))["process"]["id"])')
ticks=$(getconf CLK_TCK)
es_cpu() { awk -v t="$ticks" '{printf "%.2f", ($14 + $15) / t}' "/proc/$es_pid/stat"; }

index=events-training_stats_scalar-bench
results=()
# measure <label> <command...>: runs it under /usr/bin/time, records wall, tool CPU and ES CPU.
measure() {
  local label=$1
  shift
  # Every run starts from an empty target (a concrete missing name would fail the whole DELETE).
  curl -s -XDELETE "$url/bench-sl-*" >/dev/null
  curl -s -XDELETE "$url/bench-ed-*" >/dev/null
  local pattern=bench-sl-*
  if [[ $label == elasticdump* ]]; then
    create_elasticdump_index
    pattern=bench-ed-*
  fi
  local before after
  before=$(es_cpu)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >"$work/$label.log" 2>&1
  curl -s -XPOST "$url/_refresh" >/dev/null
  after=$(es_cpu)
  read -r wall user sys <"$work/time"
  local count
  count=$(curl -s "$url/$pattern/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  results+=("$(python3 - "$label" "$wall" "$user" "$sys" "$before" "$after" "$docs" "$count" <<'PY'
import sys
label, wall, user, sys_, before, after, docs, count = sys.argv[1:]
wall, tool, es = float(wall), float(user) + float(sys_), float(after) - float(before)
print(f"{label:<26} {wall:8.1f} {int(docs)/wall:10.0f} {tool:9.1f} {es:8.1f} {100*tool/(tool+es):8.1f}% {count:>8}")
PY
)")
}

create_elasticdump_index() {
  # The same mapping and shard count shardlift's translation produced, loading settings included.
  python3 - "$work/plan.json" "$index" <<'PY' >"$work/ed-index.json"
import json, sys
plan = json.load(open(sys.argv[1]))
target = plan["indices"][sys.argv[2]]
print(json.dumps({"settings": target["settings"], "mappings": target["mappings"]}))
PY
  curl -s -XPUT "$url/bench-ed-$index" -H 'Content-Type: application/json' \
    --data-binary "@$work/ed-index.json" >/dev/null
}

"$build/shardlift" migrate "$data" --dry-run | sed -n '/^{/,/^}/p' >"$work/plan.json"

measure "shardlift migrate -p 1" "$build/shardlift" migrate "$data" --target-url "$url" \
  --target-prefix bench-sl- --dead-letter "$work/dead.ndjson" -p 1
measure "shardlift migrate -p 2" "$build/shardlift" migrate "$data" --target-url "$url" \
  --target-prefix bench-sl- --dead-letter "$work/dead.ndjson" -p 2

/usr/bin/time -f '%e' -o "$work/export.time" "$build/shardlift" export "$data" \
  -o "$work/bench-speed.ndjson" >/dev/null 2>&1
if [[ ! -x $build/bench-node/node_modules/.bin/elasticdump ]]; then
  npm install --no-audit --no-fund --prefix "$build/bench-node" elasticdump@6 >/dev/null
fi
# elasticdump writes the _type of each line into the bulk action, which ES 7 refuses unless _doc.
measure "elasticdump (limit 5000)" "$build/bench-node/node_modules/.bin/elasticdump" \
  --input="$work/bench-speed.ndjson" --output="$url/bench-ed-$index" --limit=5000 \
  --transform="doc._index='bench-ed-$index'; doc._type='_doc'"

echo "bench-speed: $docs docs, $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source_bytes"])' \
  "$shared/bench/bench-speed/corpus.json") bytes of _source; shardlift export took $(cat "$work/export.time") s"
printf '%-26s %8s %10s %9s %8s %9s %8s\n' "tool" "wall s" "docs/s" "tool CPU" "ES CPU" "tool %" "count"
printf '%s\n' "${results[@]}"
