#!/usr/bin/env bash
# Builds the Java oracle into OUT_DIR (default: build/tests/oracle):
#   OUT_DIR/oracle.jar, OUT_DIR/oracle-lucene5.jar, OUT_DIR/lib/*.jar
# Skips Maven when the sources have not changed since the last build. Maven runs offline when
# ~/.m2 already holds everything and goes to Maven Central only when it must; its output is kept
# in OUT_DIR/maven.log and shown only on failure.
set -euo pipefail

src_dir=$(cd "$(dirname "$0")" && pwd)
out_dir=$(realpath -m "${1:-$src_dir/../../build/tests/oracle}")
mkdir -p "$out_dir"
log="$out_dir/maven.log"
stamp="$out_dir/sources.sha256"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "oracle build: '$tool' not found (needs JDK 17 and Maven 3.8; .ci/deps.sh installs them)" >&2
    exit 1
  fi
done

fingerprint=$(cd "$src_dir" && find . -name pom.xml -o -name '*.java' | LC_ALL=C sort |
  xargs sha256sum | sha256sum | cut -d' ' -f1)
if [[ -f "$out_dir/oracle.jar" && -f "$out_dir/oracle-lucene5.jar" && -f "$stamp" &&
  $(cat "$stamp") == "$fingerprint" ]]; then
  echo "oracle: up to date in $out_dir"
  exit 0
fi

maven() {
  mvn -B -q -Dstyle.color=never -f "$src_dir/pom.xml" \
    -Doracle.buildDir="$out_dir/maven" -Doracle.outDir="$out_dir" "$@" package >"$log" 2>&1
}

rm -f "$stamp"
echo "oracle: building with Maven into $out_dir"
if ! maven -o; then
  echo "oracle: offline build failed; fetching from Maven Central"
  if ! maven; then
    echo "oracle build FAILED (Maven could not build or fetch what it needs); last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
fi
echo "$fingerprint" >"$stamp"
echo "oracle: built $out_dir/oracle.jar"
