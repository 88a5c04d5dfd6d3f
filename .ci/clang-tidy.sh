#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy (every warning an error) over a build's compile
# database.
#   .ci/clang-tidy.sh BUILD_DIR            every source of the layers base io codec lucene
#                                          xcontent, where bytes are parsed (what CI runs)
#   .ci/clang-tidy.sh BUILD_DIR --all      every source of src/
#   .ci/clang-tidy.sh BUILD_DIR FILE...    these sources
# Environment: JOBS (default: number of cores).
#
# Why not all of src/ in CI: clang-tidy 14 runs its matchers over every header a source includes,
# so a source that includes nlohmann/json, CLI11 or curl (most of es5 and snapshot, every layer
# above) costs 10-25 CPU-s, one of these five layers 2-5; the whole of src/ is some 15
# CPU-minutes, over CI's budget for this step (2 minutes on 2 cores). --all checks the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: $0 BUILD_DIR [--all | FILE...]}
shift
JOBS=${JOBS:-$(nproc)}
if [[ ! -f $build/compile_commands.json ]]; then
  echo "no compile database in $build (configure it with cmake first)" >&2
  exit 2
fi

if (($# == 1)) && [[ $1 == --all ]]; then
  mapfile -t files < <(git ls-files -- 'src/*.cc')
elif (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files -- src/{base,io,codec,lucene,xcontent}/'*.cc')
fi
echo "clang-tidy: ${#files[@]} sources, $JOBS jobs"
# run-clang-tidy takes regular expressions over the database's absolute paths.
pattern="^$(realpath .)/($(printf '%s\n' "${files[@]}" | sed 's/[.+]/\\&/g' | paste -sd'|'))\$"
run-clang-tidy -quiet -p "$build" -j "$JOBS" "$pattern"
