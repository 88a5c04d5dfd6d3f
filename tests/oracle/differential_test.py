#!/usr/bin/env python3
"""Differential test: `shardlift lucene-dump DIR` must print exactly what the Java oracle's
`dump DIR` prints, for a batch of freshly written random Lucene 5.x and 6.x indices.

usage: differential_test.py ORACLE_JAR [--count N] [--binary SHARDLIFT] [--sorted-dv]
Env: SHARDLIFT_BINARY (the shardlift under test; overrides --binary), SHARDLIFT_SEED (reuse a run's seed; default:
the time). Index i of a run is written with seed SEED+i. Failing indices are kept on disk.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import sys
import tempfile
import time

import dumpdiff


def supports_lucene_dump(binary):
    """Whether the binary's --help lists the lucene-dump subcommand (until it lands on main)."""
    try:
        ok, out, _ = dumpdiff.run([binary, "--help"])
    except OSError:
        return False
    return ok and re.search(rb"^\s+lucene-dump\b", out, re.MULTILINE) is not None


def plan(seed, count):
    """Index i: alternating versions, both modes, all compound settings."""
    for i in range(count):
        yield {
            "seed": seed + i,
            "version": 5 if i % 2 == 0 else 6,
            "mode": "speed" if (i // 2) % 2 == 0 else "compression",
            "compound": ("yes", "no", "mixed")[i % 3],
        }


def check(jar, binary, work, index, dump_flags):
    """Writes one index, dumps it both ways; returns (summary, problem or None)."""
    directory = os.path.join(work, f"{index['seed']}-v{index['version']}")
    write = ["write", "--version", str(index["version"]), "--seed", str(index["seed"]),
             "--mode", index["mode"], "--compound", index["compound"], "--out", directory]
    reproduce = "java -jar oracle.jar " + " ".join(write)
    ok, out, stderr = dumpdiff.run(dumpdiff.oracle_command(jar, *write))
    if not ok:
        return reproduce, f"oracle write failed:\n{stderr}"
    summary = out.decode().strip()
    ok, expected, stderr = dumpdiff.run(dumpdiff.oracle_command(jar, "dump", *dump_flags, directory))
    if not ok:
        return summary, f"oracle dump failed:\n{stderr}"
    ok, actual, stderr = dumpdiff.run([binary, "lucene-dump", *dump_flags, directory])
    if not ok:
        return summary, f"shardlift lucene-dump failed:\n{stderr[-4000:]}\nreproduce: {reproduce}"
    problem = dumpdiff.first_difference(expected, actual, "oracle", "shardlift")
    if problem:
        return summary, f"{problem}\nreproduce: {reproduce}; index kept in {directory}"
    shutil.rmtree(directory)
    return summary, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("oracle_jar")
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--binary", default="shardlift")
    parser.add_argument("--sorted-dv", action="store_true",
                        help="compare SORTED doc values too (SDV lines of both dumps)")
    args = parser.parse_args()
    binary = dumpdiff.from_env("SHARDLIFT_BINARY", args.binary)
    dump_flags = ["--sorted-dv"] if args.sorted_dv else []
    if not supports_lucene_dump(binary):
        print(f"SKIPPED: {binary} has no lucene-dump command yet")
        return dumpdiff.SKIP

    seed = int(os.environ.get("SHARDLIFT_SEED") or time.time())
    print(f"==== differential seed: SHARDLIFT_SEED={seed} (indices use seeds {seed}..{seed + args.count - 1}) ====",
          flush=True)
    work = tempfile.mkdtemp(prefix=f"shardlift-differential-{seed}-")
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        indices = list(plan(seed, args.count))
        for summary, problem in pool.map(lambda index: check(args.oracle_jar, binary, work, index, dump_flags), indices):
            print(("FAIL " if problem else "ok   ") + summary, flush=True)
            if problem:
                failed += 1
                print(problem, flush=True)
    if not failed:
        shutil.rmtree(work)
    print(f"==== differential seed: SHARDLIFT_SEED={seed} ====")
    print(f"differential: {args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
