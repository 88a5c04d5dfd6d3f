#!/usr/bin/env bash
# Builds the shardlift image (Containerfile) with podman, from Debian packages and Maven Central
# alone: no image registry is needed. Prints the image's name when done.
#
#   deploy/container/build-image.sh [--tag IMAGE] [--binary PATH]
#
# The tag defaults to localhost/shardlift:<version>. With --binary, the image takes that shardlift
# (built on Debian 12, as .ci/container's is) instead of compiling its own: the Containerfile's
# prebuilt target, without the builder image or the build stage.
#
# 1. The two base images, Debian 12 with every build package (builder; not with --binary) and
#    Debian 12 slim with every runtime package (runtime), made by base-image.sh and cached under
#    ~/.cache/shardlift/images/: the build then needs no network.
# 2. The Elasticsearch 7.6.2 home at build/es7-home-7.6.2 (tests/es7/make-es7-home.sh, Maven cache
#    ~/.m2), unless it is there already.
# 3. podman build --isolation chroot with deploy/container/containers.conf (runc, cgroupfs, no
#    network, the rlimits these machines allow), so it also runs inside restricted machines.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(sed -n 's/^project(shardlift VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
tag=localhost/shardlift:$version
binary=''
usage() {
  echo "usage: $0 [--tag IMAGE] [--binary PATH]" >&2
  exit 2
}
while (($#)); do
  (($# >= 2)) || usage
  case $1 in
    --tag) tag=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) usage ;;
  esac
done
for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null || {
    echo "build-image: $tool not found (apt-get install podman runc mmdebstrap)" >&2
    exit 1
  }
done
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/container/containers.conf}

packages() { sed 's/#.*//' "deploy/container/$1" | xargs; }
build_args=()
if [[ -n $binary ]]; then
  [[ -x $binary ]] || { echo "build-image: $binary is not an executable" >&2; exit 1; }
  mkdir -p build/image
  strip -o build/image/shardlift "$binary"
  build_args+=(--target prebuilt)
else
  # shellcheck disable=SC2046 # one argument per package
  build_args+=(--build-arg BUILDER_IMAGE="$(deploy/container/base-image.sh builder \
    $(packages build-packages))")
fi
# shellcheck disable=SC2046
runtime=$(deploy/container/base-image.sh runtime $(packages runtime-packages))

es7_home=build/es7-home-7.6.2
if ! grep -qx 'version=7.6.2' "$es7_home/shardlift-es7-home.properties" 2>/dev/null; then
  tests/es7/make-es7-home.sh --version 7.6.2 "$es7_home" >&2
fi

podman build --isolation chroot --file Containerfile --tag "$tag" "${build_args[@]}" \
  --build-arg RUNTIME_IMAGE="$runtime" . >&2
echo "$tag"
