# Sourced by .ci/run and .ci/demo: installs the Debian packages shardlift needs, if missing.
# Idempotent and quiet when everything is there; uses sudo only when not root.

SHARDLIFT_APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  clang clang-format clang-tidy libclang-rt-14-dev
  zlib1g-dev libdeflate-dev liblz4-dev
  libboost-iostreams-dev libboost-filesystem-dev
  libcli11-dev nlohmann-json3-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  liblucene++-dev
  openjdk-17-jdk-headless maven
  python3 unzip time procps util-linux curl ccache
)

shardlift_install_deps() {
  local missing=()
  local pkg
  for pkg in "${SHARDLIFT_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "==> installing Debian packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}
