#!/usr/bin/env python3
"""Oracle self-check: the oracle's dump of every shared Lucene fixture must equal its
<name>.expected.txt.gz byte for byte (lucene-synth dirs and lucene-release zips).

usage: selfcheck_test.py ORACLE_JAR [--shared-dir DIR]
Env: SHARDLIFT_SHARED_DIR (overrides --shared-dir); SHARDLIFT_REQUIRE_SHARED=1 turns missing
fixtures into a failure.
"""

import argparse
import concurrent.futures
import gzip
import os
import sys

import dumpdiff


def fixtures(shared_dir):
    synth = dumpdiff.require_shared(shared_dir, "fixtures/lucene-synth")
    release = dumpdiff.require_shared(shared_dir, "fixtures/lucene-release")
    found = []
    for name in sorted(os.listdir(synth)):
        if os.path.isdir(os.path.join(synth, name)):
            found.append((os.path.join(synth, name), os.path.join(synth, name + ".expected.txt.gz")))
    for name in sorted(os.listdir(release)):
        if name.endswith(".zip"):
            base = os.path.join(release, name[:-len(".zip")])
            found.append((base + ".zip", base + ".expected.txt.gz"))
    return found


def check(jar, index, expected_path):
    ok, dump, stderr = dumpdiff.run(dumpdiff.oracle_command(jar, "dump", index))
    if not ok:
        return f"oracle dump failed:\n{stderr}"
    with gzip.open(expected_path, "rb") as expected:
        return dumpdiff.first_difference(expected.read(), dump, "expected", "oracle")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("oracle_jar")
    parser.add_argument("--shared-dir", default="../shared")
    args = parser.parse_args()
    jar = args.oracle_jar
    cases = fixtures(dumpdiff.from_env("SHARDLIFT_SHARED_DIR", args.shared_dir))
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda case: check(jar, *case), cases)
        for (index, _), problem in zip(cases, results):
            if problem:
                failed += 1
                print(f"FAIL {index}\n{problem}")
    print(f"oracle self-check: {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
