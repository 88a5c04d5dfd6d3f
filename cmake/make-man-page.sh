#!/usr/bin/env bash
# Writes shardlift(1), gzipped, from the binary's own help: the top-level --help, then one section
# per command with its --help, so the man page says exactly what this binary accepts.
#   cmake/make-man-page.sh <shardlift binary> <out.1.gz>
set -euo pipefail
(($# == 2)) || { echo "usage: $0 <shardlift> <out.1.gz>" >&2; exit 2; }
binary=$1
out=$2

# Preformatted roff: backslashes escaped, a leading . or ' made literal.
roff_block() {
  echo ".nf"
  sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
  echo ".fi"
}

# CLI11 prints the binary's path in "Usage:": the man page names the command.
help_of() { "$binary" "$@" --help | sed "s|^Usage: $binary|Usage: shardlift|"; }

top_help=$(help_of)
version=$("$binary" --version)
# CLI11 lists the commands under "SUBCOMMANDS:" (or "Subcommands:"), one "  name  summary" a line.
mapfile -t commands < <(awk 'tolower($0) ~ /^subcommands:/ {in_list = 1; next}
                             in_list && NF == 0 {exit}
                             in_list {print $1}' <<<"$top_help")
((${#commands[@]} > 0)) || { echo "make-man-page: no commands in $binary --help" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
{
  echo ".TH SHARDLIFT 1 \"\" \"$version\" \"User Commands\""
  echo ".SH NAME"
  echo "shardlift \\- move Elasticsearch 5.x/2.x data dirs into Elasticsearch 7 without running Elasticsearch 5"
  echo ".SH SYNOPSIS"
  echo ".B shardlift"
  echo "\\fICOMMAND\\fR [\\fIOPTIONS\\fR]"
  echo ".SH DESCRIPTION"
  roff_block <<<"$top_help"
  echo ".SH COMMANDS"
  for command in "${commands[@]}"; do
    echo ".SS $command"
    help_of "$command" | roff_block
  done
  echo ".SH EXIT STATUS"
  echo "0 success; 1 bad input or an incomplete result (the message names the file and offset);"
  echo "2 usage error."
  echo ".SH SEE ALSO"
  echo "The README of the shardlift sources, /usr/share/doc/shardlift/README.md when installed."
} | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
