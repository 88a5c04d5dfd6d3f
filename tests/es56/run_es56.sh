#!/usr/bin/env bash
# Drives a real Elasticsearch 5.6 node (the integ-test-zip distribution from Maven Central) to write
# a data directory, then checks `shardlift export` against what that node said. See README.md.
#
#   run_es56.sh build    [--build-dir B]                    resolve + compile (Maven, cached in ~/.m2)
#   run_es56.sh test     [--build-dir B] --shardlift BIN [--seed N]
#                                                            generate, SIGKILL, export, compare;
#                                                            exit 77 (skipped) while `export` is missing
#   run_es56.sh generate [--build-dir B] --out DIR [--seed N]
#                                                            write DIR/data + DIR/expected.ndjson.gz, keep them
#   run_es56.sh clearml  [--build-dir B] --out DIR [--seed N] [--scale S] [--templates T] [--replace]
#                                                            the same for a ClearML-like workload on
#                                                            ClearML 0.15.1's templates (T); DIR appears
#                                                            only when complete
#   run_es56.sh large    [--build-dir B] [--out DIR] [--seed N] [--scale S] [--templates T] [--replace]
#                                                            benchmark data: the ClearML workload at a
#                                                            large scale, DIR/data + DIR/corpus.json; DIR
#                                                            (default ~/.cache/shardlift/bench/clearml-large)
#                                                            is reused when complete
#   run_es56.sh check    [--build-dir B] --shardlift BIN DIR export DIR/data, compare with the expected file
#   run_es56.sh verify   [--build-dir B] DIR                 restart ES 5.6 on a copy of DIR/data, let it
#                                                            replay its translog, compare with the expected file
#   run_es56.sh dump     [--build-dir B] DIR [--docs]        Lucene 6.6's view of every shard's last commit
#   run_es56.sh compare  [--build-dir B] EXPECTED ACTUAL     the comparison `test` does
#   run_es56.sh selftest [--build-dir B]                     the comparator on crafted good and bad files
#   run_es56.sh snapshots [--build-dir B] --shardlift BIN [--repos SHARED/fixtures/es-bwc-repo]
#                                                            snapshot repositories written and restored
#                                                            by the node, each snapshot exported by
#                                                            shardlift == what the node restores (also
#                                                            the shared bwc repositories)
#   run_es56.sh serve    [--build-dir B] [--out DIR]         a node on DIR/data (path.repo DIR/repo) until
#                                                            killed (debugging, snapshot repositories)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ES_VERSION=5.6.16
ES_USER=shardlift-es5
SKIPPED=77

die() { echo "run_es56: $*" >&2; exit 1; }
log() { echo "run_es56: $*" >&2; }

mode=${1:-}; [[ -n $mode ]] || die "usage: run_es56.sh build|test|generate|clearml|check|verify|dump|compare|selftest|snapshots|serve ..."
shift
build_dir=$REPO/build/tests/es56
shardlift=""
seed=${SHARDLIFT_ES56_SEED:-}
out=""
scale=""
templates=$REPO/../shared/fixtures/clearml-templates/es5-0.15.1
bwc_repos=$REPO/../shared/fixtures/es-bwc-repo
replace=""
args=()
while (($#)); do
  case $1 in
    --build-dir) build_dir=$2; shift 2 ;;
    --shardlift) shardlift=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --templates) templates=$2; shift 2 ;;
    --repos) bwc_repos=$2; shift 2 ;;
    --replace) replace=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
build_dir=$(realpath -m "$build_dir")
mvn_out=$build_dir/maven

# ES 5.6 installs a security manager at startup: JDK 17 allows that with a warning, 18-23 only with
# -Djava.security.manager=allow, 24+ not at all. It needs no other JVM flag beyond jvm17.options.
pick_java() {
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 "")
  for home in "${candidates[@]}"; do
    local java=${home:+$home/bin/}java
    command -v "$java" >/dev/null 2>&1 || continue
    local major
    major=$("$java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    if [[ -n $major && $major -ge 9 && $major -le 23 ]]; then
      JAVA=$java; JAVA_MAJOR=$major; JAVA_HOME_FOR_ES=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")
      return
    fi
  done
  die "no JDK 9..23 found (ES 5.6 sets a security manager, which JDK 24+ refuses); set JAVA_HOME"
}

do_build() {
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  mkdir -p "$build_dir"
  log "building the generator with Maven into $mvn_out"
  mvn -q -B -f "$HERE/pom.xml" -Des56.buildDir="$mvn_out" package
  [[ -f $mvn_out/classpath.txt && -f $mvn_out/elasticsearch-$ES_VERSION.zip ]] ||
    die "Maven build did not produce classpath.txt and the ES zip in $mvn_out"
}

require_built() {
  [[ -f $mvn_out/classpath.txt ]] || do_build
  CP=$mvn_out/classes:$(cat "$mvn_out/classpath.txt")
}

tool() { "$JAVA" -Xmx512m -cp "$CP" "$@"; }

# --- the ES 5.6 node ---------------------------------------------------------------------------
ES_PID=""
ES_RUN=""
es_heap=""  # the node's heap when not jvm17.options' 512m

# es_start RUN_DIR DATA_DIR [REPO_DIR]: unpacks ES into RUN_DIR/es and starts it on loopback, free
# ports; REPO_DIR becomes path.repo (where `fs` snapshot repositories may live). Sets ES_URL and
# ES_PID. ES refuses to run as root, so as root it runs as $ES_USER.
es_start() {
  ES_RUN=$1
  local data=$2 repo=${3:-}
  mkdir -p "$ES_RUN"
  chmod 755 "$ES_RUN"
  rm -rf "$ES_RUN/es" "$ES_RUN/config" "$ES_RUN/logs"
  unzip -q "$mvn_out/elasticsearch-$ES_VERSION.zip" -d "$ES_RUN/es"
  local home=$ES_RUN/es/elasticsearch-$ES_VERSION
  # path.conf must be writable (ES creates config/scripts); the home itself stays read-only.
  # The URL line may hold a 512-byte id plus routing and parent, percent-encoded.
  mkdir -p "$ES_RUN/config" "$ES_RUN/logs" "$data" ${repo:+"$repo"}
  cp "$home/config/log4j2.properties" "$ES_RUN/config/"
  : >"$ES_RUN/config/elasticsearch.yml"
  local -a settings=()
  [[ -z $repo ]] || settings+=(-Epath.repo="$repo")
  local -a as_user=()
  if [[ $(id -u) == 0 ]]; then
    # A concurrent run may create the user first: then useradd fails but the user exists.
    id "$ES_USER" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null ||
      id "$ES_USER" >/dev/null 2>&1 || die "cannot create user $ES_USER"
    chown -R "$ES_USER:" "$ES_RUN/config" "$ES_RUN/logs" "$data" ${repo:+"$repo"}
    as_user=(setpriv --reuid="$ES_USER" --regid="$ES_USER" --init-groups --)
    "${as_user[@]}" test -r "$home/lib/elasticsearch-$ES_VERSION.jar" -a -w "$data" ||
      die "user $ES_USER cannot use $ES_RUN and $data (every parent directory needs o+x)"
  fi
  local -a opts=()
  ((JAVA_MAJOR >= 18)) && opts+=(-Djava.security.manager=allow)
  [[ -z $es_heap ]] || opts+=("-Xms$es_heap" "-Xmx$es_heap")  # after jvm17.options: these win
  log "starting Elasticsearch $ES_VERSION (JDK $JAVA_MAJOR) on $data"
  (
    cd "$ES_RUN"
    export JAVA_HOME=$JAVA_HOME_FOR_ES ES_JVM_OPTIONS=$HERE/jvm17.options ES_JAVA_OPTS="${opts[*]}"
    exec "${as_user[@]}" "$home/bin/elasticsearch" -p "$ES_RUN/logs/es.pid" \
      -Epath.conf="$ES_RUN/config" -Epath.data="$data" -Epath.logs="$ES_RUN/logs" \
      -Ecluster.name=shardlift-es56 -Enode.name=es56 -Enetwork.host=127.0.0.1 \
      -Ehttp.port=0 -Etransport.tcp.port=0 -Ediscovery.type=single-node -Enode.portsfile=true \
      -Ehttp.max_initial_line_length=64kb "${settings[@]}" \
      >"$ES_RUN/logs/stdout.txt" 2>&1
  ) &
  ES_PID=$!
  local deadline=$((SECONDS + 120))
  until [[ -s $ES_RUN/logs/http.ports ]]; do
    if ! kill -0 "$ES_PID" 2>/dev/null || ((SECONDS > deadline)); then
      tail -n 40 "$ES_RUN/logs/stdout.txt" >&2 || true
      die "Elasticsearch did not start (logs in $ES_RUN/logs)"
    fi
    sleep 0.2
  done
  ES_URL=http://$(head -n 1 "$ES_RUN/logs/http.ports")
  log "Elasticsearch is up at $ES_URL (pid $ES_PID)"
}

# SIGKILL, the way ES's own bwc fixtures were made: no flush, the translog keeps what it has.
es_kill() {
  [[ -n $ES_PID ]] || return 0
  kill -KILL "$ES_PID" 2>/dev/null || true
  wait "$ES_PID" 2>/dev/null || true
  ES_PID=""
}

export_available() {
  "$shardlift" --help 2>&1 | grep -Eq '^[[:space:]]+export([[:space:]]|$)'
}

pick_seed() {
  if [[ -z $seed ]]; then
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  fi
  log "seed $seed (reproduce the workload with --seed $seed or SHARDLIFT_ES56_SEED=$seed)"
}

# run_workload RUN_DIR CLASS ARGS...: a node on RUN_DIR/data, the Java workload CLASS with the
# node's URL and ARGS, then SIGKILL. The node's logs stay in RUN_DIR/node/logs.
run_workload() {
  local run=$1 class=$2
  shift 2
  es_start "$run/node" "$run/data"
  local started=$SECONDS
  tool "$class" "$ES_URL" "$@"
  # utime + stime of the node's JVM, in clock ticks: the workload's cost apart from the machine's
  # other load.
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$ES_PID/stat" 2>/dev/null || echo 0)
  log "workload took $((SECONDS - started)) s; the node used $((ticks / $(getconf CLK_TCK))) CPU-s"
  es_kill
  rm -rf "$run/node/es"
}

# generate RUN_DIR: the random workload writes RUN_DIR/data and RUN_DIR/expected.ndjson.gz.
generate() {
  local run=$1
  pick_seed
  run_workload "$run" shardlift.es56.Generator "$seed" "${SHARDLIFT_ES56_OPS:-600}" \
    "${SHARDLIFT_ES56_BUDGET:-45}" "$run/expected.ndjson.gz"
  log "data dir $run/data, expected documents $run/expected.ndjson.gz"
}

# staged_workload FINAL OUTPUT CLASS ARGS...: runs the workload CLASS with ARGS and the file
# STAGING/OUTPUT in a staging dir under TMPDIR (which the node's user can reach, unlike e.g.
# /root/.cache), then moves it to FINAL: FINAL holds a complete data dir or none.
staged_workload() {
  local final=$1 output=$2 class=$3 staging
  shift 3
  staging=$(mktemp -d "${TMPDIR:-/tmp}/shardlift-es56-staging.XXXXXX")
  chmod 755 "$staging"
  remove_on_exit=$staging  # gone after the move; kept for inspection if the run fails
  run_workload "$staging" "$class" "$@" "$staging/$output"
  rm -rf "$final" "$staging/node"
  mkdir -p "$(dirname "$final")"
  mv "$staging" "$final"
  log "data dir $final/data, $final/$output"
}

# require_shared PATH WHAT: exit 77 (skipped) when shared data is missing, 1 under
# SHARDLIFT_REQUIRE_SHARED=1 (as CI sets).
require_shared() {
  [[ -e $1 ]] && return
  [[ ${SHARDLIFT_REQUIRE_SHARED:-} == 1 ]] && die "$2 missing: $1"
  echo "SKIPPED: $2 missing: $1"
  exit $SKIPPED
}

# check_export DIR: `shardlift export` of DIR/data must equal DIR/expected.ndjson.gz.
check_export() {
  local dir=$1 export_file
  export_file=$(mktemp "${TMPDIR:-/tmp}/shardlift-es56-export.XXXXXX")
  local start=$SECONDS
  "$shardlift" export "$dir/data" -o "$export_file"
  log "export took $((SECONDS - start)) s"
  if tool shardlift.es56.Compare "$dir/expected.ndjson.gz" "$export_file"; then
    rm -f "$export_file"
  else
    die "export ($export_file) differs from what Elasticsearch 5.6 returned for $dir${seed:+ (seed $seed)}"
  fi
}

# Checks the comparator on crafted files: what must pass (another field order, escaping, float
# spelling, line order, the export format) and every single change that must fail.
selftest() {
  local dir=$1 failures=0
  local b='{"_index":"i","_type":"t","_id":"b","_version":3,"_routing":"r","_parent":"p"}'
  local a='{"_id":"a","_index":"i","_type":"t","_version":1,"_source":{"x":1,"y":1.00,"z":-0e0,'
  a+='"b":123456789012345678901234567890,"d":1.000000000000000000000001e-1,"m":5e-324,"s":"\u00e9"}}'
  cat >"$dir/expected.ndjson" <<'END'
{"index":"i","type":"t","id":"a","routing":null,"parent":null,"version":1,"source":{"x":1,"y":1.0,"z":-0.0,"b":123456789012345678901234567890,"d":0.1000000000000000000000001,"m":4.9E-324,"s":"é"}}
{"index":"i","type":"t","id":"b","routing":"r","parent":"p","version":3,"source":null}
END
  check() {  # check WANT_EXIT NAME LINE...
    local want=$1 name=$2
    shift 2
    printf '%s\n' "$@" >"$dir/actual.ndjson"
    local got=0
    tool shardlift.es56.Compare "$dir/expected.ndjson" "$dir/actual.ndjson" >"$dir/out.txt" 2>&1 ||
      got=$?
    if [[ $got != "$want" ]]; then
      echo "FAIL $name: exit $got, want $want"; cat "$dir/out.txt"; failures=$((failures + 1))
    fi
  }
  check 0 "equal in the export format" "$b" "$a"
  check 1 "integer became float" "$b" "${a/\"x\":1,/\"x\":1.0,}"
  check 1 "float became integer" "$b" "${a/\"y\":1.00,/\"y\":1,}"
  check 1 "-0.0 lost its sign" "$b" "${a/-0e0/0.0}"
  check 1 "big integer off by one" "$b" "${a/567890,/567891,}"
  check 1 "decimal beyond double precision rounded" "$b" "${a/1.000000000000000000000001e-1/0.1}"
  check 1 "another double" "$b" "${a/5e-324/1e-323}"
  check 1 "key order" "$b" "${a/\"x\":1,\"y\":1.00,/\"y\":1.00,\"x\":1,}"
  check 1 "string" "$b" "${a/\\u00e9/e}"
  check 1 "source where _source was disabled" "${b%\}},\"_source\":{}}" "$a"
  check 1 "routing lost" "${b/,\"_routing\":\"r\"/}" "$a"
  check 1 "parent differs" "${b/\"p\"/\"q\"}" "$a"
  check 1 "version differs" "${b/:3,/:2,}" "$a"
  check 1 "document missing" "$a"
  check 1 "unexpected document" "$b" "$a" "${a/\"a\"/\"c\"}"
  check 1 "duplicate document" "$b" "$a" "$a"
  ((failures == 0)) || die "$failures comparator self-test cases failed"
  echo "comparator self-test: 16 cases passed"
}

remove_on_exit=""  # removed when the run ends well (passed or skipped), kept for inspection otherwise
cleanup() {
  local status=$?
  es_kill
  [[ -z $remove_on_exit ]] && return
  if ((status == 0 || status == SKIPPED)) && [[ -z ${SHARDLIFT_ES56_KEEP:-} ]]; then
    rm -rf "$remove_on_exit"
  else
    log "kept $remove_on_exit"
  fi
}
trap cleanup EXIT

case $mode in
  build)
    do_build ;;
  generate)
    [[ -n $out ]] || die "generate needs --out DIR"
    out=$(realpath -m "$out")
    [[ ! -e $out/data ]] || die "$out/data exists already"
    pick_java; require_built
    generate "$out" ;;
  test)
    [[ -x $shardlift ]] || die "test needs --shardlift BINARY"
    pick_java; require_built
    run=$(mktemp -d "${TMPDIR:-/tmp}/shardlift-es56.XXXXXX")
    chmod 755 "$run"
    remove_on_exit=$run
    generate "$run"
    if ! export_available; then
      echo "SKIPPED: $shardlift has no export subcommand yet; the ES 5.6 data dir was generated" \
        "(keep one with SHARDLIFT_ES56_KEEP=1 or run_es56.sh generate)"
      exit $SKIPPED
    fi
    check_export "$run" ;;
  clearml)
    [[ -n $out ]] || die "clearml needs --out DIR"
    out=$(realpath -m "$out")
    [[ ! -e $out || -n $replace ]] || die "$out exists already (--replace regenerates it)"
    require_shared "$templates/events.json" "ClearML 0.15.1's index templates"
    templates=$(realpath "$templates")
    pick_java; require_built; pick_seed
    staged_workload "$out" expected.ndjson.gz shardlift.es56.ClearmlGenerator "$seed" \
      "${scale:-1}" "$templates" ;;
  large)
    out=$(realpath -m "${out:-$HOME/.cache/shardlift/bench/clearml-large}")
    if [[ -f $out/corpus.json && -z $replace ]]; then
      log "reusing $out: $(cat "$out/corpus.json") (--replace regenerates it)"
      exit 0
    fi
    require_shared "$templates/events.json" "ClearML 0.15.1's index templates"
    templates=$(realpath "$templates")
    pick_java; require_built
    seed=${seed:-1}; pick_seed
    es_heap=${SHARDLIFT_ES56_HEAP:-1g}
    staged_workload "$out" corpus.json shardlift.es56.ClearmlLarge "$seed" "${scale:-1150}" \
      "$templates" ;;
  check)
    [[ -x $shardlift ]] || die "check needs --shardlift BINARY"
    ((${#args[@]} == 1)) || die "check needs DIR (holding data/ and expected.ndjson.gz)"
    dir=$(realpath -m "${args[0]}")
    if [[ ! -f $dir/expected.ndjson.gz ]]; then
      echo "SKIPPED: no generated data dir in $dir (its fixture did not run)"
      exit $SKIPPED
    fi
    pick_java; require_built
    check_export "$dir" ;;
  verify)
    ((${#args[@]} == 1)) || die "verify needs DIR (holding data/ and expected.ndjson.gz)"
    dir=$(realpath "${args[0]}")
    pick_java; require_built
    run=$(mktemp -d "${TMPDIR:-/tmp}/shardlift-es56-verify.XXXXXX")
    chmod 755 "$run"
    remove_on_exit=$run
    cp -a "$dir/data" "$run/data"  # ES recovery rewrites what it opens: never the original
    es_start "$run/node" "$run/data"
    tool shardlift.es56.Recovered "$ES_URL" "$run/recovered.ndjson"
    es_kill
    tool shardlift.es56.Compare "$dir/expected.ndjson.gz" "$run/recovered.ndjson" ;;
  dump)
    ((${#args[@]} >= 1)) || die "dump needs DIR (a path.data, or a directory holding data/)"
    dir=$(realpath "${args[0]}")
    [[ ! -d $dir/data ]] || dir=$dir/data
    pick_java; require_built
    tool shardlift.es56.LuceneDump "$dir" "${args[@]:1}" ;;
  selftest)
    pick_java; require_built
    run=$(mktemp -d "${TMPDIR:-/tmp}/shardlift-es56-selftest.XXXXXX")
    remove_on_exit=$run
    selftest "$run" ;;
  compare)
    ((${#args[@]} == 2)) || die "compare needs EXPECTED ACTUAL"
    pick_java; require_built
    tool shardlift.es56.Compare "${args[0]}" "${args[1]}" ;;
  snapshots)
    [[ -x $shardlift ]] || die "snapshots needs --shardlift BINARY"
    require_shared "$bwc_repos/repo-2.4.0.zip" "the shared bwc snapshot repositories"
    pick_java; require_built
    run=$(mktemp -d "${TMPDIR:-/tmp}/shardlift-es56-snapshots.XXXXXX")
    chmod 755 "$run"
    remove_on_exit=$run
    # Unzipped before the node starts, so that es_start hands path.repo to the node's user:
    # legacy/ is the 2.4.0 repository the node continues, bwc-*/ are registered read-only. The
    # other shared repositories' expected files were made the same way (snapshot_conformance).
    mkdir -p "$run/repo"
    for name in repo-2.4.0 repo-2.0.0 repo-5.0.0 repo-5.6.0 missing-checksum-repo-2.3.4; do
      unzip -q "$bwc_repos/$name.zip" -d "$run/unzip"
      target=$run/repo/bwc-$name
      [[ $name != repo-2.4.0 ]] || target=$run/repo/legacy
      mv "$run/unzip/repo" "$target"
    done
    rmdir "$run/unzip"
    es_start "$run/node" "$run/data" "$run/repo"
    tool shardlift.es56.Snapshots "$ES_URL" "$run/repo" "$run/work" "$(realpath "$shardlift")" ;;
  serve)
    pick_java; require_built
    dir=$(realpath -m "${out:-$(mktemp -d /tmp/shardlift-es56.XXXXXX)}")
    mkdir -p "$dir" && chmod 755 "$dir"
    es_start "$dir/node" "$dir/data" "$dir/repo"
    echo "$ES_URL"
    wait "$ES_PID" ;;
  *) die "unknown mode $mode" ;;
esac
