#!/usr/bin/env bash
# The release packages run on a Debian 12 host without a compiler or the build's libraries: the
# .deb is installed with dpkg into a fresh Debian root that holds the packages its Depends line
# names and nothing else (deploy/container/base-image.sh, cached), where
#
#   shardlift --version                       prints the version
#   shardlift export <cluster3 data dirs>     writes exactly what the build's own binary writes
#
# and the tarball's bin/shardlift runs there too. dpkg refuses the .deb if a dependency is missing,
# and the binary cannot start if the Depends line (dpkg-shlibdeps) left a library out.
#
#   deb_install_test.sh --build-dir DIR --fixture DIR --work DIR
set -euo pipefail

usage() {
  echo "usage: $0 --build-dir DIR --fixture DIR --work DIR" >&2
  exit 2
}
build='' fixture='' work=''
while (($#)); do
  (($# >= 2)) || usage
  case $1 in
    --build-dir) build=$2; shift 2 ;;
    --fixture) fixture=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n $build && -n $fixture && -n $work ]] || usage
# podman takes only absolute paths as volumes.
build=$(realpath "$build") fixture=$(realpath "$fixture") work=$(realpath -m "$work")

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
for tool in podman mmdebstrap dpkg-deb cmake; do
  command -v "$tool" >/dev/null || fail "$tool not found (.ci/container installs it)"
done
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/../../deploy/container/containers.conf}

echo "== cpack (TGZ, DEB)"
rm -f "$build"/shardlift_*.deb "$build"/shardlift-*.tar.gz
cmake --build "$build" --target package >/dev/null || fail "cmake --build $build --target package"
debs=("$build"/shardlift_*.deb)
tarballs=("$build"/shardlift-*.tar.gz)
[[ -f ${debs[0]} && -f ${tarballs[0]} ]] || fail "cpack made no .deb or no .tar.gz"
contents=$(dpkg-deb -c "${debs[0]}")
for file in ./usr/bin/shardlift ./usr/share/man/man1/shardlift.1.gz; do
  grep -q " $file\$" <<<"$contents" || fail "the .deb has no $file"
done
depends=$(dpkg-deb -f "${debs[0]}" Depends)
echo "Depends: $depends"
# "libc6 (>= 2.34), a | b" → "libc6 a": the first of each alternative, without versions.
mapfile -t packages < <(tr ',' '\n' <<<"$depends" | sed -e 's/|.*//' -e 's/(.*)//' | xargs -n1)
((${#packages[@]} > 0)) || fail "the .deb declares no Depends"
root_image=$("$here/../../deploy/container/base-image.sh" deb-root "${packages[@]}") ||
  fail "cannot make the Debian root for the .deb"

rm -rf "$work"
mkdir -p "$work/pkg"
cp "${debs[0]}" "$work/pkg/shardlift.deb"
cp "${tarballs[0]}" "$work/pkg/shardlift.tar.gz"
nodes=("$fixture"/node-*/data)
expected=$work/expected.ndjson
"$build/shardlift" export --quiet "${nodes[@]}" -o "$expected" || fail "export on the build host"

echo "== in $root_image: dpkg -i, shardlift --version, shardlift export (fixture cluster3)"
mounts=(-v "$work/pkg:/pkg:ro" -v "$fixture:/fixture:ro" -v "$work:/out")
in_root=(/fixture/"${nodes[0]#"$fixture"/}")
for node in "${nodes[@]:1}"; do in_root+=(/fixture/"${node#"$fixture"/}"); done
status=0
podman run --rm "${mounts[@]}" "$root_image" sh -euc '
  dpkg -i /pkg/shardlift.deb >/dev/null
  for compiler in cc c++ gcc; do
    if command -v "$compiler" >/dev/null; then echo "the root has $compiler" >&2; exit 1; fi
  done
  shardlift --version
  shardlift export --quiet "$@" -o /out/deb.ndjson
  mkdir /tmp/tgz && tar -xzf /pkg/shardlift.tar.gz -C /tmp/tgz
  /tmp/tgz/shardlift-*/bin/shardlift --version
  /tmp/tgz/shardlift-*/bin/shardlift export --quiet "$@" -o /out/tgz.ndjson
' sh "${in_root[@]}" || status=$?
((status == 0)) || fail "the packages did not install or run in the fresh root (exit $status)"
for copy in deb tgz; do
  cmp -s "$expected" "$work/$copy.ndjson" ||
    fail "the $copy's export differs from the build's own ($work/$copy.ndjson vs $expected)"
done
echo "export of cluster3: $(wc -l <"$expected") documents, identical from the .deb, the tarball and the build"
rm -rf "$work"
echo "PASS"
