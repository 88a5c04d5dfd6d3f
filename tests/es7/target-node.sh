#!/usr/bin/env bash
# One local Elasticsearch (7.x, 8.x) or OpenSearch (2.x) node for tests, on loopback, on ports the
# kernel picks.
#
#   tests/es7/target-node.sh start <state-dir>   start a fresh node, wait for green, print its URL
#   tests/es7/target-node.sh stop  <state-dir>   SIGTERM, wait; SIGKILL and fail if it does not stop
#   tests/es7/target-node.sh url   <state-dir>   print the URL of the running node
#
# start first stops a node still running on <state-dir> (left by a crashed earlier run), then
# starts one on a fresh <state-dir>/node/ (config/ data/ logs/ tmp/). On success <state-dir>/url
# holds the base URL (http://127.0.0.1:<port>, no trailing slash) and <state-dir>/pid the node's
# PIDs; a node that dies or does not turn green in time is stopped and its log tail printed.
#
# The home decides the flavour: bin/opensearch (OPENSEARCH_* variables, opensearch.yml) or
# bin/elasticsearch (ES_* variables, elasticsearch.yml); lib/<distribution>-<version>.jar the
# variable that names the JDK (JAVA_HOME before 7.12, ES_JAVA_HOME since, OPENSEARCH_JAVA_HOME).
#
# Both refuse to run as root: as root, the node runs as an unprivileged system user (created if
# missing) that owns <state-dir>/node. When that user cannot reach <state-dir> (a build tree
# below /root, say), node/ is a symlink to /tmp/shardlift-es7-<hash of state-dir>/, where the
# home is also linked in if the user cannot read it where it is.
#
# Environment (the SHARDLIFT_ES7_ names serve every flavour; they predate the others):
#   SHARDLIFT_ES7_HOME           a home made by make-target-home.sh (start needs it)
#   ES_JAVA_HOME or JAVA_HOME    JDK 17 (default: the java on PATH)
#   SHARDLIFT_ES7_HEAP           heap size, default 512m
#   SHARDLIFT_ES7_JVM_OPTIONS    more lines for the node's jvm.options, which only the server's
#                                JVM reads (the launchers' JVMs see <PREFIX>_JAVA_OPTS too)
#   SHARDLIFT_ES7_SETTINGS       extra config lines (e.g. a tiny write queue for 429s)
#   SHARDLIFT_ES7_USER           user to run the node as when called as root, default shardlift-es
#   SHARDLIFT_ES7_START_TIMEOUT  seconds until green, default 180
#   SHARDLIFT_ES7_STOP_TIMEOUT   seconds to stop after SIGTERM, default 60
#   SHARDLIFT_ES7_CLUSTER        join a cluster of that name instead of running alone (for
#                                target-cluster.sh): node.name is the state dir's name; with
#                                SHARDLIFT_ES7_SEED (a transport host:port) the node joins the
#                                cluster there, without it the node bootstraps it as its first
#                                master. start then waits for yellow, not green.
#
# The first name of this script, es7-node.sh, runs it.
set -euo pipefail

die() {
  echo "target-node: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop|url <state-dir>" >&2
  exit 2
}

(($# == 2)) || usage
command=$1
mkdir -p "$2"
state=$(realpath "$2")
node=$state/node
fallback=/tmp/shardlift-es7-$(printf '%s' "$state" | sha1sum | cut -c 1-16)
user=${SHARDLIFT_ES7_USER:-shardlift-es}
start_timeout=${SHARDLIFT_ES7_START_TIMEOUT:-180}
stop_timeout=${SHARDLIFT_ES7_STOP_TIMEOUT:-60}

# Serializes start and stop on one state dir. The node itself never holds the lock (fd 9 is
# closed for it), so a crashed script leaves no stale lock behind.
exec 9>"$state/.lock"
flock -w "$((start_timeout + stop_timeout))" 9 || die "$state is locked by another target-node.sh"

# True while the process runs; a zombie counts as gone.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# PIDs of the JVMs running on this state dir: java processes whose command line holds exactly
# -Des.path.conf=<node dir>/config (OpenSearch: -Dopensearch.path.conf) or
# -Djava.io.tmpdir=<node dir>/tmp (8.x's server JVM, forked by its CLI launcher, has only the
# latter). Found through /proc rather than a PID file, so a lost or stale PID file cannot hide a
# running node nor point at a recycled PID.
node_pids() {
  local dir pid patterns=() place
  for place in "$state/node" "$fallback"; do
    patterns+=(-e "-Des.path.conf=$place/config" -e "-Dopensearch.path.conf=$place/config"
      -e "-Djava.io.tmpdir=$place/tmp")
  done
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $(cat "$dir/comm" 2>/dev/null) == java ]] || continue
    tr '\0' '\n' <"$dir/cmdline" 2>/dev/null | grep -qxF "${patterns[@]}" || continue
    alive "$pid" && echo "$pid"
  done
  return 0
}

wait_gone() { # <seconds> <pid>...
  local deadline=$((SECONDS + $1)) pid
  shift
  for pid in "$@"; do
    while alive "$pid"; do
      ((SECONDS < deadline)) || return 1
      sleep 0.2
    done
  done
}

log_tail() {
  local file
  for file in "$node/logs/stdout.log" "$node/logs/shardlift-es7.log"; do
    if [[ -s $file ]]; then
      echo "---- last lines of $file:" >&2
      tail -n 40 "$file" >&2
    fi
  done
}

# SIGTERM (ES flushes and exits), then SIGKILL after the timeout, which is a failure.
stop_nodes() {
  local pids=("$@")
  kill -TERM "${pids[@]}" 2>/dev/null || true
  if wait_gone "$stop_timeout" "${pids[@]}"; then
    return 0
  fi
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait_gone 10 "${pids[@]}" || true
  echo "target-node: the node (pid ${pids[*]}) did not stop within ${stop_timeout}s" \
    "after SIGTERM; sent SIGKILL" >&2
  log_tail
  return 1
}

cmd_stop() {
  local pids
  mapfile -t pids < <(node_pids)
  rm -f "$state/url" "$state/pid"
  if ((${#pids[@]} == 0)); then
    echo "target-node: no node running on $state"
    return 0
  fi
  stop_nodes "${pids[@]}"
  echo "target-node: stopped the node (pid ${pids[*]})"
}

cmd_url() {
  [[ -s $state/url && -n $(node_pids) ]] || die "no node running on $state"
  cat "$state/url"
}

find_java_home() {
  local java_home=${ES_JAVA_HOME:-${JAVA_HOME:-}}
  if [[ -z $java_home ]]; then
    local java
    java=$(command -v java) || die "no JDK: set ES_JAVA_HOME or put java on PATH"
    java_home=$(dirname "$(dirname "$(readlink -f "$java")")")
  fi
  [[ -x $java_home/bin/java ]] || die "no java in $java_home/bin"
  echo "$java_home"
}

ensure_user() {
  id -u "$user" >/dev/null 2>&1 && return 0
  # A concurrent start may create it first: then useradd fails but the user exists.
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$user" 2>/dev/null || id -u "$user" >/dev/null 2>&1 ||
    die "cannot create the system user $user"
}

# Creates a fresh node dir and sets as_user, the command prefix that drops root. The node dir is
# <state-dir>/node, or the /tmp fallback (see the top) when the user cannot reach <state-dir>.
prepare_node_dir() {
  as_user=()
  rm -rf "$node" "$fallback"
  mkdir -p "$node"
  [[ $(id -u) == 0 ]] || return 0
  ensure_user
  as_user=(setpriv "--reuid=$user" "--regid=$user" --init-groups)
  chown "$user:" "$node"
  if ! "${as_user[@]}" sh -c ': >"$1/.probe" && rm "$1/.probe"' sh "$node" 2>/dev/null; then
    rm -rf "$node"
    mkdir -m 755 "$fallback"
    ln -s "$fallback" "$node"
    node=$fallback
    chown "$user:" "$node"
    echo "target-node: $user cannot reach $state; the node lives in $node" >&2
  fi
  if ! "${as_user[@]}" test -r "$home/bin/$distribution"; then
    cp -al "$home" "$node/home" 2>/dev/null || cp -a "$home" "$node/home"
    home=$node/home
  fi
}

write_config() {
  mkdir -p "$node/config" "$node/data" "$node/logs" "$node/tmp"
  cp -R "$home/config/." "$node/config/"
  rm -f "$node/config/jvm.options.d/heap.options" # the heap comes from <PREFIX>_JAVA_OPTS
  # jvm.options names files relative to the ES home, which the node may not write to.
  sed -i -e "s|logs/gc.log|$node/logs/gc.log|" -e "s|HeapDumpPath=data|HeapDumpPath=$node/logs|" \
    -e "s|ErrorFile=logs/|ErrorFile=$node/logs/|" "$node/config/jvm.options"
  if [[ -n ${SHARDLIFT_ES7_JVM_OPTIONS:-} ]]; then
    echo "$SHARDLIFT_ES7_JVM_OPTIONS" >>"$node/config/jvm.options"
  fi
  {
    if [[ -n ${SHARDLIFT_ES7_CLUSTER:-} ]]; then
      echo "cluster.name: $SHARDLIFT_ES7_CLUSTER"
      echo "node.name: ${state##*/}"
      if [[ -n ${SHARDLIFT_ES7_SEED:-} ]]; then
        echo "discovery.seed_hosts: [\"$SHARDLIFT_ES7_SEED\"]"
      else
        echo "discovery.seed_hosts: []"
        echo "cluster.initial_master_nodes: [\"${state##*/}\"]"
      fi
    else
      echo "cluster.name: shardlift-es7"
      echo "node.name: shardlift-es7"
      echo "discovery.type: single-node"
    fi
    echo "path.data: $node/data"
    echo "path.logs: $node/logs"
    echo "network.host: 127.0.0.1"
    # Port 0: the kernel picks free ports at bind time (no race); the node writes them to
    # logs/http.ports and logs/transport.ports.
    echo "http.port: 0"
    echo "transport.port: 0"
    echo "node.portsfile: true"
    # A nearly full disk on a developer machine must not block writes in unrelated tests.
    echo "cluster.routing.allocation.disk.threshold_enabled: false"
    if [[ -d $home/modules/x-pack-security ]]; then echo "xpack.security.enabled: false"; fi
    if [[ -n ${SHARDLIFT_ES7_SETTINGS:-} ]]; then printf '%s\n' "$SHARDLIFT_ES7_SETTINGS"; fi
  } >"$node/config/$distribution.yml"
  if ((${#as_user[@]})); then chown -R "$user:" "$node/config" "$node/data" "$node/logs" "$node/tmp"; fi
}

# Stops everything the failed start launched: the node's whole session (process group).
abort_start() {
  [[ -n ${launcher:-} ]] || return 0
  kill -TERM -- "-$launcher" 2>/dev/null || return 0
  if ! wait_gone "$stop_timeout" "$launcher"; then
    kill -KILL -- "-$launcher" 2>/dev/null || true
    echo "target-node: sent SIGKILL to the failed node (pid $launcher)" >&2
  fi
}

# Sets distribution, product, version and env_prefix from the home's launcher and server jar.
detect_flavour() {
  if [[ -x $home/bin/opensearch ]]; then
    distribution=opensearch product=OpenSearch env_prefix=OPENSEARCH
  elif [[ -x $home/bin/elasticsearch ]]; then
    distribution=elasticsearch product=Elasticsearch env_prefix=ES
  else
    die "no Elasticsearch or OpenSearch home at $home (build it: ninja -C build es7-home)"
  fi
  local jar
  jar=$(compgen -G "$home/lib/$distribution-[0-9]*.[0-9]*.[0-9]*.jar" | head -n 1) ||
    die "$home/lib has no $distribution-<version>.jar"
  version=${jar##*/$distribution-}
  version=${version%.jar}
}

# The variables that name the JDK for this home: 7.0–7.11 read JAVA_HOME only (and without it
# look for a bundled JDK the integ-test-zip lacks); 7.12+ and 8.x read ES_JAVA_HOME (8.x ignores
# JAVA_HOME with a warning); OpenSearch reads OPENSEARCH_JAVA_HOME, then JAVA_HOME.
java_env() { # <jdk>
  if [[ $distribution == opensearch ]]; then
    echo "OPENSEARCH_JAVA_HOME=$1"
  elif [[ $version =~ ^([0-9]+)\.([0-9]+)\. ]] &&
    ((BASH_REMATCH[1] < 7 || (BASH_REMATCH[1] == 7 && BASH_REMATCH[2] < 12))); then
    echo "JAVA_HOME=$1"
  else
    echo "ES_JAVA_HOME=$1"
  fi
}

cmd_start() {
  home=${SHARDLIFT_ES7_HOME:-}
  [[ -n $home ]] || die "set SHARDLIFT_ES7_HOME to a home (tests/es7/make-target-home.sh)"
  home=$(realpath -m "$home")
  detect_flavour
  local java_home heap=${SHARDLIFT_ES7_HEAP:-512m}
  java_home=$(find_java_home)

  local leftover
  mapfile -t leftover < <(node_pids)
  if ((${#leftover[@]})); then
    echo "target-node: stopping a node left running on $state (pid ${leftover[*]})" >&2
    stop_nodes "${leftover[@]}" || die "cannot stop the leftover node"
  fi
  rm -f "$state/url" "$state/pid"
  prepare_node_dir
  write_config

  local began=$SECONDS
  started=0
  # Until the node is up, any exit of this script (error, signal) takes the node down with it.
  trap '((started)) || abort_start' EXIT
  trap 'exit 1' INT TERM HUP
  # Own session: the node outlives this script and ignores the terminal's Ctrl-C.
  (cd "$node" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
    "$(java_env "$java_home")" "${env_prefix}_PATH_CONF=$node/config" \
    "${env_prefix}_TMPDIR=$node/tmp" "${env_prefix}_JAVA_OPTS=-Xms$heap -Xmx$heap" \
    setsid "${as_user[@]}" "$home/bin/$distribution" \
    </dev/null >"$node/logs/stdout.log" 2>&1 9>&-) &
  launcher=$! # leads the node's session: the launch scripts and, once they exec it, the JVM

  # A cluster member is up once the cluster is yellow: it may still be waiting for the others.
  local url="" health deadline=$((SECONDS + start_timeout)) wanted=green
  if [[ -n ${SHARDLIFT_ES7_CLUSTER:-} ]]; then wanted=yellow; fi
  while :; do
    if ! alive "$launcher"; then
      local status=0
      wait "$launcher" || status=$?
      log_tail
      die "$product exited during startup (exit status $status)"
    fi
    if [[ -z $url && -s $node/logs/http.ports ]]; then
      url=http://$(head -n 1 "$node/logs/http.ports")
    fi
    if [[ -n $url ]] &&
      health=$(curl -fsS --max-time 10 "$url/_cluster/health?wait_for_status=$wanted&timeout=5s" 2>/dev/null) &&
      [[ $health == *'"status":"green"'* || ($wanted == yellow && $health == *'"status":"yellow"'*) ]]; then
      break
    fi
    if ((SECONDS >= deadline)); then
      log_tail
      die "$product was not $wanted within ${start_timeout}s${url:+ (at $url)}"
    fi
    sleep 0.5
  done

  node_pids >"$state/pid"
  printf '%s\n' "$url" >"$state/url.tmp"
  mv "$state/url.tmp" "$state/url"
  started=1
  echo "target-node: $product $version $wanted at $url after $((SECONDS - began))s" \
    "(pid $(tr '\n' ' ' <"$state/pid"))" >&2
  echo "$url"
}

case $command in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *) usage ;;
esac
