#!/usr/bin/env bash
# A layer cannot include the headers of a layer above it: see tests/layering/CMakeLists.txt.
#   check_upward_include.sh <cmake> <build dir>
set -uo pipefail
cmake=$1
build=$2
if ! "$cmake" --build "$build" --target layering_probe_allowed >/dev/null 2>&1; then
  echo "FAIL: the probe does not compile even where translate is linked (a broken probe?)"
  exit 1
fi
out=$("$cmake" --build "$build" --target layering_probe_upward 2>&1)
if [[ $? -eq 0 ]]; then
  echo "FAIL: a target linking only shardlift_lucene included translate/report.h"
  exit 1
fi
# gcc: "translate/report.h: No such file or directory"; clang: "'translate/report.h' file not found".
if ! grep -Eq "translate/report.h'?:? (No such file|file not found)" <<<"$out"; then
  echo "FAIL: the upward probe failed, but not because the header was out of reach:"
  echo "$out" | tail -20
  exit 1
fi
echo "ok: translate/report.h is out of reach of a target that links only shardlift_lucene"
