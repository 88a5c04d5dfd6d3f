#!/usr/bin/env bash
# The first name of target-node.sh, kept for existing callers (same arguments and environment).
exec "$(dirname "$0")/target-node.sh" "$@"
