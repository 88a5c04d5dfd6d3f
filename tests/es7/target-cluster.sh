#!/usr/bin/env bash
# A local cluster of N Elasticsearch (or OpenSearch) nodes for tests, on loopback, on ports the
# kernel picks: each node is a target-node.sh member in <state-dir>/node-<i>.
#
#   tests/es7/target-cluster.sh start <state-dir> <n>   start the cluster, wait for n nodes
#   tests/es7/target-cluster.sh stop  <state-dir>       stop every member
#
# node-1 starts first and bootstraps the cluster alone (its transport port is known only once it
# has bound it); the others start together, seeded with node-1's transport address. On success
# <state-dir>/url holds node-1's base URL and <state-dir>/urls every node's, one per line. A start
# that fails stops whatever it started.
#
# Environment: as target-node.sh (SHARDLIFT_ES7_HOME, …); SHARDLIFT_ES7_HEAP defaults to 256m.
set -euo pipefail

die() {
  echo "target-cluster: $*" >&2
  exit 1
}

(($# >= 2)) || die "usage: $0 start <state-dir> <n> | stop <state-dir>"
command=$1
mkdir -p "$2"
state=$(realpath "$2")
member=$(dirname "$(realpath "$0")")/target-node.sh
export SHARDLIFT_ES7_HEAP=${SHARDLIFT_ES7_HEAP:-256m}
# Unique per state dir: clusters of two checkouts on one machine never mix.
export SHARDLIFT_ES7_CLUSTER=shardlift-$(printf '%s' "$state" | sha1sum | cut -c 1-12)

cmd_stop() {
  local dir failed=0
  rm -f "$state/url" "$state/urls"
  for dir in "$state"/node-*; do
    [[ -d $dir ]] || continue
    "$member" stop "$dir" || failed=1
  done
  return "$failed"
}

cmd_start() {
  local n=$1 i began=$SECONDS
  [[ $n =~ ^[1-9]$ ]] || die "the node count must be 1-9, not '$n'"
  cmd_stop >/dev/null 2>&1 || true
  rm -rf "$state"/node-*
  trap 'cmd_stop >/dev/null 2>&1 || true' EXIT
  "$member" start "$state/node-1" >/dev/null
  local ports=$state/node-1/node/logs/transport.ports
  [[ -s $ports ]] || die "node-1 wrote no $ports"
  local seed
  seed=$(head -n 1 "$ports")
  local pids=()
  for ((i = 2; i <= n; i++)); do
    SHARDLIFT_ES7_SEED=$seed "$member" start "$state/node-$i" >/dev/null &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || die "a member did not start (see above)"; done

  local url health
  url=$(cat "$state/node-1/url")
  health=$(curl -fsS --max-time 70 \
    "$url/_cluster/health?wait_for_nodes=$n&wait_for_status=green&timeout=60s") ||
    die "the cluster at $url did not reach $n nodes"
  [[ $health == *"\"number_of_nodes\":$n,"* ]] || die "the cluster at $url: $health"
  for ((i = 1; i <= n; i++)); do cat "$state/node-$i/url"; done >"$state/urls"
  printf '%s\n' "$url" >"$state/url.tmp"
  mv "$state/url.tmp" "$state/url"
  trap - EXIT
  echo "target-cluster: $n nodes green at $url after $((SECONDS - began))s" >&2
  echo "$url"
}

case $command in
  start) (($# == 3)) || die "usage: $0 start <state-dir> <n>"; cmd_start "$3" ;;
  stop) cmd_stop ;;
  *) die "usage: $0 start <state-dir> <n> | stop <state-dir>" ;;
esac
