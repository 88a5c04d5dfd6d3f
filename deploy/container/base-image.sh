#!/usr/bin/env bash
# A Debian 12 base image made from Debian packages alone (mmdebstrap, then podman import): no image
# registry is needed. Prints the image's name, localhost/shardlift-<name>:<key>.
#
#   deploy/container/base-image.sh <name> <package>...
#
# The root filesystem is cached as a tarball under ~/.cache/shardlift/images/ (SHARDLIFT_IMAGE_CACHE)
# and the image kept in podman's storage, both keyed by the package list and this script: a second
# call with the same packages takes a moment. Delete the tarball to pick up newer Debian packages.
# Slim like Debian's -slim images: no man pages, docs (copyright files kept), locales or apt lists
# (but /usr/share/man/man1 exists: the JRE's postinst registers its man page with alternatives).
set -euo pipefail

(($# >= 2)) || { echo "usage: $0 <name> <package>..." >&2; exit 2; }
name=$1
shift
for tool in mmdebstrap podman sha256sum flock; do
  command -v "$tool" >/dev/null || { echo "base-image: $tool not found" >&2; exit 1; }
done

packages=$(printf '%s\n' "$@" | sort -u | paste -sd, -)
key=$({ cat "${BASH_SOURCE[0]}"; echo "$packages"; } | sha256sum | cut -c1-16)
image=localhost/shardlift-$name:$key
cache=${SHARDLIFT_IMAGE_CACHE:-$HOME/.cache/shardlift/images}
tarball=$cache/$name-$key.tar

mkdir -p "$cache"
exec 9>"$cache/.lock" # one builder at a time: concurrent runs wait and then reuse
flock 9

if ! podman image exists "$image"; then
  if [[ ! -f $tarball ]]; then
    # The host's own Debian sources when it has them (same mirror as apt-get here), else Debian's.
    sources=(/etc/apt/sources.list.d/debian.sources)
    [[ -f ${sources[0]} ]] || sources=("deb http://deb.debian.org/debian bookworm main"
      "deb http://deb.debian.org/debian bookworm-updates main"
      "deb http://deb.debian.org/debian-security bookworm-security main")
    log=$cache/$name-$key.log
    echo "base-image: building $image from Debian packages (log: $log)" >&2
    if ! mmdebstrap --variant=apt --format=tar --include="$packages" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
        --aptopt='Acquire::Retries "3"' \
        bookworm "$tarball.partial" "${sources[@]}" </dev/null >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      rm -f "$tarball.partial"
      echo "base-image: mmdebstrap failed for $name" >&2
      exit 1
    fi
    mv "$tarball.partial" "$tarball"
  fi
  podman import --quiet "$tarball" "$image" >/dev/null
fi
echo "$image"
