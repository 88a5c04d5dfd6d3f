#!/usr/bin/env bash
# The first name of make-target-home.sh, kept for existing callers (same arguments).
exec "$(dirname "$0")/make-target-home.sh" "$@"
