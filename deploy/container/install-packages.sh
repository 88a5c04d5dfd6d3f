#!/usr/bin/env bash
# Installs the Debian packages of a list (one a line, '#' comments) that are missing, with
# .ci/deps.sh's installer (beside this script in the Containerfile's stages). A no-op without
# network when the base image already holds them all (deploy/container/base-image.sh).
#   install-packages.sh <list>
set -euo pipefail
source "$(dirname "$0")/deps.sh"
mapfile -t SHARDLIFT_APT_PACKAGES < <(sed 's/#.*//' "$1" | xargs -n1)
shardlift_install_deps
