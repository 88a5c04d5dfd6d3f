#!/usr/bin/env python3
"""Benchmark (not a test): many workers into many nodes, against one node, in one run.

    bench/workers.py [--build build] [--reps 3] [--data DIR] [--heap 512m] [--json FILE]

On a real 3-node ES 7.17 cluster (tests/es7/target-cluster.sh) and a real single node
(tests/es7/target-node.sh), both from <build>/es7-home and up for the whole run, each rep runs,
in an order rotated from rep to rep and reversed every other rep:

  cluster-1w   one `shardlift migrate --target-url <node-1> --discover-nodes`, default -p
  cluster-3w   `--phase metadata`, then three `--phase documents --units i/3 --discover-nodes`
               workers at once (default -p each), then `--phase finish`
  node-p1      one `shardlift migrate --target-url <node>` with -p 1
  node-auto    the same with the default -p (what the node's write threads give)
  node-p2      the same with -p 2

First, --warmup untimed loads into each target (a fresh JVM indexes at half speed or less).
Per run: wall of the whole job, documents per second over it, CPU seconds of shardlift (the
reaped children of this script) and of the nodes (/proc/<pid>/stat of their JVMs), and
shardlift's share of the CPU. Every run writes under a prefix of its own, deleted after it. The
nodes listen on 127.0.0.1 on ports of the kernel's choice and are stopped on every exit path.
"""

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"workers: {message}", file=sys.stderr, flush=True)


def request(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as answer:
        return json.loads(answer.read() or b"{}")


def jvm_cpu(pids):
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
        except OSError:
            pass
    return total


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Target:
    """A running node or cluster: its URL, the JVM pids, and the script that stops it."""

    def __init__(self, script, state, start_args, env):
        self.script, self.state, self.env = script, state, env
        subprocess.run([script, "start", state, *start_args], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        self.url = pathlib.Path(state, "url").read_text().strip()
        pid_files = list(pathlib.Path(state).glob("node-*/pid")) or [pathlib.Path(state, "pid")]
        self.pids = [int(p) for f in pid_files for p in f.read_text().split()]

    def stop(self):
        subprocess.run([self.script, "stop", self.state], env=self.env, check=False,
                       stdout=subprocess.DEVNULL)


def shardlift(args, url, prefix, *flags, dead="dead", wait=True):
    argv = [args.binary, "migrate", args.data, "--target-url", url, "--target-prefix", prefix,
            "--dead-letter", os.path.join(args.work, f"{prefix}{dead}.ndjson"), *flags]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not wait:
        return process
    return finish(process, argv)


def finish(process, argv=None):
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{argv or process.args} failed ({process.returncode}):\n{output[-3000:]}")
    return output


def read_count(output):
    for line in reversed(output.splitlines()):
        if line.startswith("migrated "):
            return int(line.split()[1])
    return 0


def run(args, method, cluster, node, rep):
    prefix = f"bw{rep}-{method}-"
    target = cluster if method.startswith("cluster") else node
    cpu0, jvm0, began = children_cpu(), jvm_cpu(target.pids), time.monotonic()
    documents = 0
    if method == "cluster-1w":
        documents = read_count(shardlift(args, target.url, prefix, "--discover-nodes"))
    elif method == "cluster-3w":
        shardlift(args, target.url, prefix, "--phase", "metadata")
        workers = [shardlift(args, target.url, prefix, "--phase", "documents", "--units", f"{i}/3",
                             "--discover-nodes", dead=f"dead-{i}", wait=False) for i in (1, 2, 3)]
        documents = sum(read_count(finish(w)) for w in workers)
        shardlift(args, target.url, prefix, "--phase", "finish")
    else:
        flags = {"node-p1": ["-p", "1"], "node-p2": ["-p", "2"], "node-auto": []}[method]
        documents = read_count(shardlift(args, target.url, prefix, *flags))
    wall = time.monotonic() - began
    own, es = children_cpu() - cpu0, jvm_cpu(target.pids) - jvm0
    request("DELETE", f"{target.url}/{prefix}*")
    request("DELETE", f"{target.url}/_template/{prefix}*")
    figures = {"method": method, "rep": rep, "wall_s": wall, "documents": documents,
               "docs_per_s": documents / wall, "shardlift_cpu_s": own, "es_cpu_s": es,
               "shardlift_share": own / (own + es) if own + es > 0 else 0.0}
    log(f"{method} rep {rep}: {wall:.1f} s, {documents / wall:,.0f} docs/s, "
        f"shardlift {own:.2f} s CPU ({100 * figures['shardlift_share']:.1f} %), nodes {es:.1f} s")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--data", default=str(ROOT.parent / "shared/bench/bench-speed/data"))
    parser.add_argument("--heap", default="512m", help="heap of every node")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed loads into each target before the timed ones")
    parser.add_argument("--methods", default="cluster-1w,cluster-3w,node-p1,node-auto,node-p2")
    parser.add_argument("--work", help="default <build>/bench-workers")
    parser.add_argument("--json", help="also write every run's figures here")
    args = parser.parse_args()
    args.binary = os.path.join(args.build, "shardlift")
    args.work = args.work or os.path.join(args.build, "bench-workers")
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ, SHARDLIFT_ES7_HOME=os.path.join(args.build, "es7-home"),
               SHARDLIFT_ES7_HEAP=args.heap)
    methods = args.methods.split(",")
    scripts = ROOT / "tests/es7"
    cluster = node = None
    results = []
    try:
        log("starting a 3-node cluster and a single node …")
        cluster = Target(str(scripts / "target-cluster.sh"), os.path.join(args.work, "cluster"),
                         ["3"], env)
        node = Target(str(scripts / "target-node.sh"), os.path.join(args.work, "node"), [], env)
        # The first loads into a fresh JVM run at half speed or less (JIT, page cache): one
        # untimed load into each target first.
        for _ in range(args.warmup):
            for method in ("cluster-1w", "node-p1"):
                run(args, method, cluster, node, "warmup")
        log(f"uptime before: {uptime()}")
        for rep in range(args.reps):
            # Rotated, and reversed every other rep: no method always follows the same one.
            order = methods[rep % len(methods):] + methods[:rep % len(methods)]
            if rep % 2:
                order.reverse()
            for method in order:
                results.append(run(args, method, cluster, node, rep))
        log(f"uptime after: {uptime()}")
    finally:
        for target in (cluster, node):
            if target:
                target.stop()
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(f"| run ({os.cpu_count()} cores, heaps {args.heap}) | docs/s median (range) | wall s "
          "| shardlift CPU s | nodes' CPU s | shardlift's CPU share |")
    print("|---|---|---|---|---|---|")
    for method in methods:
        mine = [r for r in results if r["method"] == method]
        rates = [r["docs_per_s"] for r in mine]
        median = lambda key: statistics.median(r[key] for r in mine)  # noqa: E731
        print(f"| {method} | {statistics.median(rates):,.0f} ({min(rates):,.0f}–{max(rates):,.0f}) "
              f"| {median('wall_s'):.1f} | {median('shardlift_cpu_s'):.2f} "
              f"| {median('es_cpu_s'):.1f} | {100 * median('shardlift_share'):.1f} % |")


if __name__ == "__main__":
    main()
