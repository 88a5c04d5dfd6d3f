#!/usr/bin/env bash
# The failure paths of target-node.sh (es7-node.sh), without the cost of a full node start:
#   es7_node_script_test.sh <target-node.sh> <es-home> <scratch-dir>
set -euo pipefail

node_script=$1
export SHARDLIFT_ES7_HOME=$2
state=$3/state
rm -rf "$3"
mkdir -p "$3"

passed=0
failed=0
check() { # <description> <command...>: the command must succeed
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $description" >&2
  fi
}

# Nothing running: stop succeeds, url fails.
check "stop without a node succeeds" "$node_script" stop "$state"
check "url without a node fails" bash -c '! "$0" url "$1" 2>/dev/null' "$node_script" "$state"

# A stale PID file naming a live process that is not the node: stop must leave it alone.
sleep 300 &
bystander=$!
trap 'kill "$bystander" 2>/dev/null || true' EXIT
echo "$bystander" >"$state/pid"
echo "http://127.0.0.1:1" >"$state/url"
check "stop ignores a stale PID file" "$node_script" stop "$state"
check "the process named by the stale PID file still runs" kill -0 "$bystander"
check "stop removes the stale url" test ! -e "$state/url"

# ES dying at startup: start fails, says why, shows the log tail, leaves no process behind.
output=$(SHARDLIFT_ES7_HEAP=5q "$node_script" start "$state" 2>&1) && status=0 || status=$?
check "start fails when ES dies" test "$status" -ne 0
check "the failure names the exit" grep -q "Elasticsearch exited during startup" <<<"$output"
check "the log tail is shown" grep -q "Invalid initial heap size" <<<"$output"
check "no url after a failed start" test ! -e "$state/url"
check "no node left running" bash -c '[[ -z $(pgrep -f -- "-Des.path.conf=$0/node/config") ]]' "$state"

# A missing home is refused before anything starts.
output=$(SHARDLIFT_ES7_HOME=$3/nowhere "$node_script" start "$state" 2>&1) && status=0 || status=$?
check "start without a home fails" test "$status" -ne 0
check "and says so" grep -q "no Elasticsearch or OpenSearch home" <<<"$output"

echo "target-node.sh: $passed passed, $failed failed"
((failed == 0))
