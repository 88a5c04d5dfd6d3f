#!/usr/bin/env bash
# Builds the oracle (once; Maven Central, cached in ~/.m2) into BUILD_DIR and writes a corpus:
#   run.sh BUILD_DIR SEED COUNT OUT_FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1 seed=$2 count=$3 out=$4
mkdir -p "$build"
jar="$build/target/xcontent-oracle-1.jar"
if [[ ! -f $jar || $here/src/main/java/shardlift/oracle/XContentOracle.java -nt $jar || $here/pom.xml -nt $jar ]]; then
  # Build out of tree: the source dir stays clean.
  rm -rf "$build/src" && cp -r "$here/src" "$here/pom.xml" "$build/"
  (cd "$build" && { mvn -q -o package -DskipTests >/dev/null 2>&1 || mvn -q package -DskipTests; })
fi
exec java -cp "$jar:$build/target/lib/*" shardlift.oracle.XContentOracle "$seed" "$count" "$out"
