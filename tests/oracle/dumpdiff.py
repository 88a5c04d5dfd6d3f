"""Helpers shared by the oracle's ctest scripts: running the oracle, comparing dumps, skipping."""

import os
import subprocess
import sys

# ctest's SKIP_RETURN_CODE for these scripts.
SKIP = 77


def from_env(name, default):
    """The environment's value of name, else the default CMake passed (as in shared_data.h)."""
    return os.environ.get(name) or default


def require_shared(shared_dir, relative):
    """SL_REQUIRE_SHARED for scripts: skips loudly, or fails when SHARDLIFT_REQUIRE_SHARED=1."""
    path = os.path.join(shared_dir, relative)
    if os.path.exists(path):
        return path
    if os.environ.get("SHARDLIFT_REQUIRE_SHARED") == "1":
        sys.exit(f"FAILED: shared data missing: {path}")
    print(f"SKIPPED: shared data missing: {path} (set -DSHARDLIFT_SHARED_DIR=...)")
    sys.exit(SKIP)


def run(command, out_path=None):
    """Runs command; returns (ok, stdout bytes or None when written to out_path, stderr text)."""
    if out_path is None:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return done.returncode == 0, done.stdout, done.stderr.decode(errors="replace")
    with open(out_path, "wb") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE)
    return done.returncode == 0, None, done.stderr.decode(errors="replace")


def oracle_command(jar, *args):
    return ["java", "-XX:+UseSerialGC", "-jar", jar, *args]


def _clip(line, limit=240):
    text = line.decode("utf-8", errors="replace")
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} chars)"


def first_difference(expected, actual, expected_name="expected", actual_name="actual"):
    """None if the byte strings are equal, else a report of the first differing line."""
    if expected == actual:
        return None
    expected_lines = expected.split(b"\n")
    actual_lines = actual.split(b"\n")
    index = 0
    while (index < len(expected_lines) and index < len(actual_lines)
           and expected_lines[index] == actual_lines[index]):
        index += 1
    # The SEG and DOC lines above the difference say where it is.
    where = []
    for prefix in (b"SEG ", b"DOC "):
        where += [line for line in expected_lines[:index] if line.startswith(prefix)][-1:]
    report = [f"first difference at line {index + 1} "
              f"({len(expected_lines)} lines {expected_name}, {len(actual_lines)} {actual_name})"]
    report += [f"  in: {_clip(line)}" for line in where]
    for name, lines in ((expected_name, expected_lines), (actual_name, actual_lines)):
        shown = lines[index:index + 3]
        report += [f"  {name:>8}: {_clip(line)}" for line in shown] or [f"  {name:>8}: <end>"]
    return "\n".join(report)
