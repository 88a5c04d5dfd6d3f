#!/usr/bin/env bash
# Lays out a runnable single-node Elasticsearch or OpenSearch home from Maven Central artifacts only.
#
#   tests/es7/make-target-home.sh [--version 7.17.29|7.6.2|8.17.0|opensearch-2.19.1] <dest>
#
# Base: the official integ-test-zip distribution (a real home with bin/elasticsearch or
# bin/opensearch and the transport module), plus the modules a migration needs where Maven Central
# carries their jars, each as modules/<name>/ with the module's jars and a
# plugin-descriptor.properties written here (Maven Central carries the jars, not the descriptors).
# Every home runs on JDK 17, named by a different variable (README.md):
#
#   JAVA_HOME=<jdk>            <dest>/bin/elasticsearch   7.6.2 (no bundled JDK to fall back on)
#   ES_JAVA_HOME=<jdk>         <dest>/bin/elasticsearch   7.17.29, 8.17.0 (8.x ignores JAVA_HOME)
#   OPENSEARCH_JAVA_HOME=<jdk> <dest>/bin/opensearch      opensearch-2.19.1 (or JAVA_HOME)
#
# Both refuse to run as root: tests/es7/target-node.sh starts them as an unprivileged user.
# Artifacts come through Maven (cache: ~/.m2, or MAVEN_REPO_LOCAL). <dest> is replaced atomically:
# a failed run leaves the previous home (or nothing), never a half-built one. The old name,
# make-es7-home.sh, runs this script.
set -euo pipefail

usage() {
  echo "usage: $0 [--version 7.17.29|7.6.2|8.17.0|opensearch-2.19.1] <dest>" >&2
  exit 2
}

die() {
  echo "make-target-home: $*" >&2
  exit 1
}

version=7.17.29
while (($#)); do
  case $1 in
    --version) (($# >= 2)) || usage; version=$2; shift 2 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) break ;;
  esac
done
(($# == 1)) || usage
dest=$(realpath -m "$1")

# Each line: <module dir> <groupId:artifactId:version[:type]>. Module "-" is the distribution.
# Jar lists mirror the module folders of the official distribution of the same version.
artifacts_7_17_29() {
  local v=7.17.29
  cat <<EOF
- org.elasticsearch.distribution.integ-test-zip:elasticsearch:$v:zip
parent-join org.elasticsearch.plugin:parent-join-client:$v
mapper-extras org.elasticsearch.plugin:mapper-extras-client:$v
reindex org.elasticsearch.plugin:reindex-client:$v
reindex org.elasticsearch.client:elasticsearch-rest-client:$v
reindex org.elasticsearch:elasticsearch-ssl-config:$v
reindex org.apache.httpcomponents:httpclient:4.5.14
reindex org.apache.httpcomponents:httpcore:4.4.12
reindex org.apache.httpcomponents:httpasyncclient:4.1.4
reindex org.apache.httpcomponents:httpcore-nio:4.4.12
reindex commons-codec:commons-codec:1.15
reindex commons-logging:commons-logging:1.1.3
EOF
}

# 7.6.2 is what ClearML Server 0.16 runs. Elastic published no analysis-common or lang-painless
# jars; org.codelibs.elasticsearch.module republishes the official module jars byte for byte
# (checked: its parent-join 7.6.2 has the same SHA-1 as Elastic's parent-join-client 7.6.2).
artifacts_7_6_2() {
  local v=7.6.2
  cat <<EOF
- org.elasticsearch.distribution.integ-test-zip:elasticsearch:$v:zip
parent-join org.elasticsearch.plugin:parent-join-client:$v
mapper-extras org.elasticsearch.plugin:mapper-extras-client:$v
reindex org.elasticsearch.plugin:reindex-client:$v
reindex org.elasticsearch.client:elasticsearch-rest-client:$v
reindex org.elasticsearch:elasticsearch-ssl-config:$v
reindex org.apache.httpcomponents:httpclient:4.5.10
reindex org.apache.httpcomponents:httpcore:4.4.12
reindex org.apache.httpcomponents:httpasyncclient:4.1.4
reindex org.apache.httpcomponents:httpcore-nio:4.4.12
reindex commons-codec:commons-codec:1.11
reindex commons-logging:commons-logging:1.1.3
analysis-common org.codelibs.elasticsearch.module:analysis-common:$v
lang-painless org.codelibs.elasticsearch.module:lang-painless:$v
lang-painless org.elasticsearch.plugin:elasticsearch-scripting-painless-spi:$v
lang-painless org.antlr:antlr4-runtime:4.5.3
lang-painless org.ow2.asm:asm:7.2
lang-painless org.ow2.asm:asm-analysis:7.2
lang-painless org.ow2.asm:asm-commons:7.2
lang-painless org.ow2.asm:asm-tree:7.2
lang-painless org.ow2.asm:asm-util:7.2
EOF
}

# 8.x: Elastic publishes no module jars any more (no parent-join, mapper-extras, reindex,
# analysis-common or lang-painless for any 8.x, nor CodeLibs copies): the bare distribution.
artifacts_8_17_0() {
  echo "- org.elasticsearch.distribution.integ-test-zip:elasticsearch:8.17.0:zip"
}

# OpenSearch publishes every module a migration needs under org.opensearch.plugin. reindex's
# other dependencies (reactor-core, reactive-streams, opensearch-common) are in lib/ already.
artifacts_opensearch_2_19_1() {
  local v=2.19.1
  cat <<EOF
- org.opensearch.distribution.integ-test-zip:opensearch:$v:zip
parent-join org.opensearch.plugin:parent-join-client:$v
mapper-extras org.opensearch.plugin:mapper-extras-client:$v
reindex org.opensearch.plugin:reindex-client:$v
reindex org.opensearch.client:opensearch-rest-client:$v
reindex org.opensearch:opensearch-ssl-config:$v
reindex org.apache.httpcomponents:httpclient:4.5.14
reindex org.apache.httpcomponents:httpcore:4.4.16
reindex org.apache.httpcomponents:httpasyncclient:4.1.5
reindex org.apache.httpcomponents:httpcore-nio:4.4.16
reindex commons-codec:commons-codec:1.16.1
reindex commons-logging:commons-logging:1.2
analysis-common org.opensearch.plugin:analysis-common:$v
lang-painless org.opensearch.plugin:lang-painless:$v
lang-painless org.opensearch.plugin:opensearch-scripting-painless-spi:$v
lang-painless org.antlr:antlr4-runtime:4.13.1
lang-painless org.ow2.asm:asm:9.7
lang-painless org.ow2.asm:asm-analysis:9.7
lang-painless org.ow2.asm:asm-commons:9.7
lang-painless org.ow2.asm:asm-tree:9.7
lang-painless org.ow2.asm:asm-util:9.7
EOF
}

# Each line: <module dir> <plugin class> <extended plugins, or -> <description>
modules_7_17_29() {
  cat <<'EOF'
parent-join org.elasticsearch.join.ParentJoinPlugin - join field type (parent/child in one index)
mapper-extras org.elasticsearch.index.mapper.MapperExtrasPlugin - scaled_float, token_count, rank_feature, search_as_you_type
reindex org.elasticsearch.reindex.ReindexPlugin - _reindex, _update_by_query, _delete_by_query
EOF
}

modules_7_6_2() {
  cat <<'EOF'
parent-join org.elasticsearch.join.ParentJoinPlugin - join field type (parent/child in one index)
mapper-extras org.elasticsearch.index.mapper.MapperExtrasPlugin - scaled_float, token_count, rank_feature, search_as_you_type
reindex org.elasticsearch.index.reindex.ReindexPlugin - _reindex, _update_by_query, _delete_by_query
lang-painless org.elasticsearch.painless.PainlessPlugin - Painless scripting language
analysis-common org.elasticsearch.analysis.common.CommonAnalysisPlugin lang-painless built-in analyzers, tokenizers and filters
EOF
}

modules_opensearch_2_19_1() {
  cat <<'EOF'
parent-join org.opensearch.join.ParentJoinPlugin - join field type (parent/child in one index)
mapper-extras org.opensearch.index.mapper.MapperExtrasPlugin - scaled_float, token_count, rank_feature, search_as_you_type
reindex org.opensearch.index.reindex.ReindexPlugin - _reindex, _update_by_query, _delete_by_query
lang-painless org.opensearch.painless.PainlessPlugin - Painless scripting language
analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin lang-painless built-in analyzers, tokenizers and filters
EOF
}

# distribution: the zip's and the launcher's name; java_env: the variable its launcher reads.
case $version in
  7.17.29) distribution=elasticsearch number=$version java_env=ES_JAVA_HOME
    artifacts=$(artifacts_7_17_29) modules=$(modules_7_17_29) ;;
  7.6.2) distribution=elasticsearch number=$version java_env=JAVA_HOME
    artifacts=$(artifacts_7_6_2) modules=$(modules_7_6_2) ;;
  8.17.0) distribution=elasticsearch number=$version java_env=ES_JAVA_HOME
    artifacts=$(artifacts_8_17_0) modules= ;;
  opensearch-2.19.1) distribution=opensearch number=2.19.1 java_env=OPENSEARCH_JAVA_HOME
    artifacts=$(artifacts_opensearch_2_19_1) modules=$(modules_opensearch_2_19_1) ;;
  *) usage ;;
esac

for tool in mvn unzip; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "$dest.tmp.XXXXXX") # beside dest: the final rename stays on one filesystem
trap 'rm -rf "$work"' EXIT

# One Maven run copies every artifact into downloads/<module dir>/.
{
  cat <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>shardlift</groupId><artifactId>target-home</artifactId><version>1</version>
  <packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId>
    <artifactId>maven-dependency-plugin</artifactId>
    <version>3.6.1</version>
    <configuration><artifactItems>
EOF
  while read -r dir coords; do
    IFS=: read -r group artifact artifact_version type <<<"$coords"
    printf '      <artifactItem><groupId>%s</groupId><artifactId>%s</artifactId>' "$group" "$artifact"
    printf '<version>%s</version><type>%s</type>' "$artifact_version" "${type:-jar}"
    printf '<outputDirectory>%s/downloads/%s</outputDirectory></artifactItem>\n' "$work" "$dir"
  done <<<"$artifacts"
  cat <<'EOF'
    </artifactItems></configuration>
  </plugin></plugins></build>
</project>
EOF
} >"$work/pom.xml"

mvn_args=(-B -q -f "$work/pom.xml")
if [[ -n ${MAVEN_REPO_LOCAL:-} ]]; then mvn_args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL"); fi
if ! mvn "${mvn_args[@]}" dependency:copy >"$work/maven.log" 2>&1; then
  tail -n 40 "$work/maven.log" >&2
  die "Maven could not fetch the artifacts (its log above)"
fi

home=$work/home
unzip -q "$work/downloads/-/$distribution-$number.zip" -d "$work/unzipped"
mv "$work/unzipped/$distribution-$number" "$home"

# A descriptor in the format of this version: the distribution's own transport-netty4 descriptor
# with the module's name, class, description and extended plugins put in.
template=$home/modules/transport-netty4/plugin-descriptor.properties
while read -r name classname extended description; do
  [[ -n $name ]] || continue
  [[ $extended == - ]] && extended=
  mkdir -p "$home/modules/$name"
  mv "$work/downloads/$name"/*.jar "$home/modules/$name/"
  sed -e '/^#/d' -e '/^$/d' \
    -e "s|^description=.*|description=${description}|" \
    -e "s|^name=.*|name=${name}|" \
    -e "s|^classname=.*|classname=${classname}|" \
    -e "s|^extended.plugins=.*|extended.plugins=${extended}|" \
    "$template" >"$home/modules/$name/plugin-descriptor.properties"
done <<<"$modules"

if [[ -d $home/modules/lang-painless ]]; then
  # Painless compiles scripts into classes loaded by its own class loader.
  cat >"$home/modules/lang-painless/plugin-security.policy" <<'EOF'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF
fi

if [[ $distribution == elasticsearch && -d $home/modules/reindex ]]; then
  # The official module's policy, which the integ-test-zip lacks: _reindex from a remote cluster
  # (reindex.remote.whitelist) opens sockets through the REST client, whose proxy lookup needs
  # its own grant. Without it ES 7 refuses such a _reindex with an AccessControlException.
  cat >"$home/modules/reindex/plugin-security.policy" <<'EOF'
grant {
  permission java.net.SocketPermission "*", "connect";
};
grant codeBase "${codebase.elasticsearch-rest-client}" {
  permission java.net.NetPermission "getProxySelector";
};
grant codeBase "${codebase.httpasyncclient}" {
  permission java.net.NetPermission "getProxySelector";
};
EOF
fi

# Defaults for a local, offline single node: loopback only, no security, modest fixed heap
# (without it 7.17+ sizes the heap from the machine's RAM).
config=$home/config/$distribution.yml
cat >>"$config" <<'EOF'

# --- shardlift: a local single node for migrations and tests ---
discovery.type: single-node
network.host: 127.0.0.1
EOF
if [[ -d $home/modules/x-pack-security ]]; then
  # 8.x would otherwise generate certificates and a password and answer only HTTPS.
  echo "xpack.security.enabled: false" >>"$config"
fi
if [[ -d $home/config/jvm.options.d ]]; then
  printf -- '-Xms1g\n-Xmx1g\n' >"$home/config/jvm.options.d/heap.options"
else # 7.6 has no jvm.options.d: set the heap in jvm.options itself
  sed -i -e 's/^-Xms.*/-Xms1g/' -e 's/^-Xmx.*/-Xmx1g/' "$home/config/jvm.options"
fi

# Read by target-node.sh and the tests (the file keeps its first name for existing readers).
{
  echo "distribution=$distribution"
  echo "version=$number"
  echo "java_home_env=$java_env"
  echo "modules=$(ls "$home/modules" | tr '\n' ' ')"
} >"$home/shardlift-es7-home.properties"
chmod -R a+rX "$home" # readable by the unprivileged user target-node.sh runs it as

rm -rf "$dest"
mv "$home" "$dest"

# A class-data-sharing archive (JDK 13+ dynamic archive) of the classes the node loads to start,
# create an index and take a small load, dumped by the JVM as the node exits. shardlift's spawned
# node maps it (client::ClassArchive) and starts in about two thirds of the time. The JVM accepts
# it only from its own build and the same class path, so it is made here, at the home's final
# path, and a home copied elsewhere simply runs without it. Best effort: the home works either way
# (7.17 and OpenSearch 2 refuse it: their launchers probe the JVM options with -Xshare:off, which
# a dump cannot run with).
dump_class_archive() { # <state dir>: start, load, stop; the archive into the home
  local state=$1 url archive=$1/node/tmp/classes.jsa # node/ is the node user's (target-node.sh)
  url=$(SHARDLIFT_ES7_HOME=$dest SHARDLIFT_ES7_JVM_OPTIONS=-XX:ArchiveClassesAtExit=$archive \
    "$here/target-node.sh" start "$state" 2>"$state/start.log") || return 1
  curl -fsS -XPUT "$url/archive" -H 'Content-Type: application/json' -d '{
    "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": -1},
    "mappings": {"properties": {"name": {"type": "keyword"}, "text": {"type": "text"},
      "n": {"type": "long"}, "x": {"type": "float"}, "at": {"type": "date"},
      "tags": {"type": "nested", "properties": {"k": {"type": "keyword"}}}}}}' >/dev/null || return 1
  for i in $(seq 200); do
    printf '{"index":{"_id":"%d","version":%d,"version_type":"external"}}\n' "$i" "$i"
    printf '{"name":"n%d","text":"a b %d","n":%d,"x":%d.5,"at":"2020-01-01","tags":[{"k":"t"}]}\n' \
      "$i" "$i" "$i" "$i"
  done | curl -fsS -XPOST "$url/archive/_bulk" -H 'Content-Type: application/x-ndjson' \
    --data-binary @- >/dev/null || return 1
  curl -fsS -XPOST "$url/archive/_refresh" >/dev/null || return 1
  curl -fsS -XPOST "$url/archive/_flush" >/dev/null || return 1
  SHARDLIFT_ES7_HOME=$dest "$here/target-node.sh" stop "$state" >/dev/null || return 1
  [[ -s $archive ]] && install -m 644 "$archive" "$dest/shardlift-classes.jsa"
}
make_class_archive() {
  local state status=0
  state=$(mktemp -d /tmp/shardlift-class-archive.XXXXXX)
  chmod 755 "$state"
  dump_class_archive "$state" || status=1
  SHARDLIFT_ES7_HOME=$dest "$here/target-node.sh" stop "$state" >/dev/null 2>&1 || status=1
  rm -rf "$state"
  return $status
}
here=$(dirname "$(realpath "$0")")
if make_class_archive; then
  echo "make-target-home: class-data archive at $dest/shardlift-classes.jsa"
else
  echo "make-target-home: warning: no class-data archive made (this version may refuse the dump); the home runs without one" >&2
fi
echo "make-target-home: $distribution $number home at $dest"
