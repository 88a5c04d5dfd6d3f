#!/usr/bin/env python3
"""Benchmark (not a test): the whole ES 5 -> ES 7.6.2 job, three ways, side by side in one run.

    bench/whole-job.py [--build build] [--reps 3] [--data NAME=DIR ...] [--methods ...]
                       [--variant NAME=BINARY[:FLAGS] ...] [--old-wait 60] [--json FILE]

Methods (each rep runs every method on every data set, in an order rotated from rep to rep, so
that a neighbour's load falls on all of them alike):

  migrate     `shardlift migrate DATA --target-home <7.6.2 home> --target NEW` with default flags
              (plus --migrate-args); phases from the lines it prints, timed as they arrive.
  ceiling-cN  the node's own ingest ceiling: the same documents as pre-built _bulk bodies of at
              most 10 MB (made once per data set from `shardlift export`, untimed), POSTed by N
              parallel curl clients into a fresh ES 7.6.2 (the heap and collector of migrate's
              node), into indices created with the settings and mappings of `shardlift migrate
              --dry-run`'s plan (load-time settings, then the after-load settings, refresh and
              flush, as shardlift does). `ceiling` in the summary is the fastest N by median load rate.
  old         the old upgrade emulated: ES 5.6.16 on a copy of the source (copied untimed) and
              ES 7.6.2 on a new dir, both with 2 GB heaps, started together; each target index
              created with the plan's final settings and mappings, then `_reindex` from remote,
              one index at a time (reindex.remote.whitelist), then the old script's fixed wait
              (--old-wait, 60 s), reported with and without it.

Per run: wall, CPU of the whole process tree (getrusage of the reaped children: servers, clients,
shardlift), its split by process (sampled), peak RSS of the whole tree (the sum of VmRSS over every
descendant of this script, sampled every 100 ms; this script is a child subreaper, so a daemonizing
process stays in the tree), documents in the target (_count before the node stops; for migrate the
`written:` line of its summary) and phases. `uptime` is recorded before and after every run.

The servers listen on 127.0.0.1 on ports of the kernel's choice, run as --node-user when this runs
as root, and are stopped (SIGTERM, then SIGKILL) on every exit path. Work files go to --work
(default <build>/bench-whole-job), one directory per run, removed after it.
"""

import argparse
import concurrent.futures
import ctypes
import json
import os
import pathlib
import pwd
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
BODY_BYTES = 10 * 1024 * 1024
MIGRATE_HEAP = "512m"  # the heap of the node migrate spawns from a home (client::kHomeNodeHeap)
PR_SET_CHILD_SUBREAPER = 36


def log(message):
    print(f"whole-job: {message}", file=sys.stderr, flush=True)


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


# --- the process tree -------------------------------------------------------------------------


def read_procs():
    """{pid: (ppid, utime+stime seconds, rss bytes)} of every process readable now."""
    procs = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        # fields[0] is state (field 3): ppid 4, utime 14, stime 15, rss 24.
        procs[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS,
                                  int(fields[21]) * PAGE)
    return procs


def label_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return "other"
    text = b" ".join(argv)
    if b"org.elasticsearch.bootstrap.Elasticsearch" in text:
        return "es5" if b"5.6.16" in text else "es7"
    name = os.path.basename(argv[0]).decode("utf-8", "replace") if argv and argv[0] else ""
    if name.startswith("shardlift"):  # also a copied binary (--variant main=…/shardlift-main)
        return "shardlift"
    return {"curl": "clients"}.get(name, "other")


class TreeSampler(threading.Thread):
    """Every 100 ms: the summed RSS of every descendant of this process, and each one's CPU."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()
        self.peak_rss = 0
        self.peak_by = {}
        self.cpu = {}  # pid -> (label, last seen CPU seconds)

    def run(self):
        me = os.getpid()
        while not self.stopped.is_set():
            procs = read_procs()
            children = {}
            for pid, (ppid, _, _) in procs.items():
                children.setdefault(ppid, []).append(pid)
            tree, todo = [], list(children.get(me, []))
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(children.get(pid, []))
            total, by = 0, {}
            for pid in tree:
                # Labelled again until known: setpriv and the launcher script exec into java.
                label = self.cpu[pid][0] if pid in self.cpu else "other"
                if label == "other":
                    label = label_of(pid)
                self.cpu[pid] = (label, procs[pid][1])
                total += procs[pid][2]
                by[label] = by.get(label, 0) + procs[pid][2]
            if total > self.peak_rss:
                self.peak_rss, self.peak_by = total, by
            self.stopped.wait(0.1)

    def finish(self):
        self.stopped.set()
        self.join()
        split = {}
        for label, seconds in self.cpu.values():
            split[label] = split.get(label, 0.0) + seconds
        return split


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_orphans():
    """Reaps descendants that were re-parented to this subreaper (their CPU joins RUSAGE_CHILDREN)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


# --- HTTP ----------------------------------------------------------------------------------


def http(method, url, body=None, timeout=600, content_type="application/json"):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def expect(method, url, body=None, timeout=600):
    status, answer = http(method, url, body, timeout)
    if status // 100 != 2:
        raise RuntimeError(f"{method} {url}: {status} {json.dumps(answer)[:500]}")
    return answer


# --- servers -------------------------------------------------------------------------------


class Node:
    """One Elasticsearch node on loopback, its own session, stopped by stop() or kill_all()."""

    running = []

    def __init__(self, name, home, data, run_dir, heap, settings, args, migrate_jvm=False):
        self.name, self.run_dir = name, run_dir
        es5 = (home / "lib" / "elasticsearch-5.6.16.jar").exists()
        for sub in ("logs", "tmp", "config"):
            (run_dir / sub).mkdir(parents=True, exist_ok=True)
        data.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, JAVA_HOME=args.java_home, ES_JAVA_OPTS=f"-Xms{heap} -Xmx{heap}")
        common = {"path.data": data, "path.logs": run_dir / "logs", "http.port": 0,
                  "network.host": "127.0.0.1", "discovery.type": "single-node",
                  "cluster.name": f"bench-{name}", "node.name": name, "node.portsfile": "true"}
        if es5:
            # ES 5.6 on JDK 17: the project's JVM options (tests/es56/jvm17.options), with the
            # AlwaysPreTouch of 5.6.16's own jvm.options (its heap is resident from the start).
            env["ES_JAVA_OPTS"] += " -XX:+AlwaysPreTouch"
            shutil.copy(home / "config" / "log4j2.properties", run_dir / "config")
            env["ES_JVM_OPTIONS"] = str(ROOT / "tests" / "es56" / "jvm17.options")
            common.update({"path.conf": run_dir / "config", "transport.tcp.port": 0})
        else:
            shutil.copytree(home / "config", run_dir / "config", dirs_exist_ok=True)
            # jvm.options names gc.log, heap dumps and error files relative to the home, which
            # the node's user cannot write: the run dir instead (as shardlift does).
            options = run_dir / "config" / "jvm.options"
            logs = run_dir / "logs"
            text = (options.read_text()
                    .replace("file=logs/gc.log", f"file={logs}/gc.log")
                    .replace("HeapDumpPath=data", f"HeapDumpPath={logs}")
                    .replace("ErrorFile=logs/", f"ErrorFile={logs}/"))
            if migrate_jvm:
                # The JVM of shardlift's node (client::NodeJvmOptions), not the home's: its
                # collector, no pre-touched heap, the home's class archive.
                text = "".join(line for line in text.splitlines(keepends=True)
                               if not re.search(r"(^|:)-XX:\+Use(ConcMarkSweep|G1)GC", line))
                text += "-XX:+UseParallelGC\n-XX:-AlwaysPreTouch\n"
                archive = home / "shardlift-classes.jsa"  # client::kClassArchiveName
                if archive.exists():
                    text += f"-XX:SharedArchiveFile={archive}\n"
            options.write_text(text)
            env.update(ES_PATH_CONF=str(run_dir / "config"), ES_TMPDIR=str(run_dir / "tmp"))
            common["transport.port"] = 0
        (run_dir / "config" / "elasticsearch.yml").write_text(
            "".join(f"{key}: {value}\n" for key, value in settings.items()))
        argv = [str(home / "bin" / "elasticsearch")]
        for key, value in common.items():
            argv.append(f"-E{key}={value}")
        if os.geteuid() == 0:
            user = pwd.getpwnam(args.node_user)
            for path in (run_dir, data):
                subprocess.run(["chown", "-R", f"{user.pw_uid}:{user.pw_gid}", path], check=True)
            argv = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
                    "--init-groups", "--"] + argv
        self.out = open(run_dir / "logs" / "stdout.txt", "wb")
        # cwd: jvm.options names gc.log and error files relative to it.
        self.process = subprocess.Popen(argv, cwd=run_dir, env=env, stdout=self.out,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        Node.running.append(self)
        self.url = None

    def wait_up(self, timeout=300):
        deadline = time.monotonic() + timeout
        ports = self.run_dir / "logs" / "http.ports"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: see {self.run_dir}/logs/stdout.txt")
            if self.url is None and ports.exists() and ports.read_text().strip():
                self.url = "http://" + ports.read_text().split()[0]
            if self.url is not None:
                try:
                    status, _ = http("GET", f"{self.url}/_cluster/health?wait_for_status=yellow"
                                     "&timeout=1s", timeout=5)
                    if status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not come up in {timeout} s")

    def stop(self):
        if self in Node.running:
            Node.running.remove(self)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.out.close()

    @staticmethod
    def kill_all():
        for node in list(Node.running):
            try:
                os.killpg(node.process.pid, signal.SIGKILL)
                node.process.wait()
            except OSError:
                pass
            Node.running.remove(node)


# --- the plan and the bodies ----------------------------------------------------------------


def load_plan(args, data):
    out = subprocess.run([str(args.shardlift), "migrate", str(data), "--dry-run"],
                         capture_output=True, text=True, check=False).stdout
    text = out[out.index("{\n"):]
    return json.JSONDecoder().raw_decode(text)[0]


def merged_settings(settings, after):
    """The settings an index ends with: `after` over `settings`, null removing a key."""
    result = json.loads(json.dumps(settings))
    for group, values in after.items():
        target = result.setdefault(group, {})
        for key, value in values.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    return result


def target_of(plan):
    """(source index, type) -> target index name, from the plan (a split index is <index>-<type>)."""
    by_source = {}
    for name, target in plan["indices"].items():
        by_source.setdefault(target["source"], []).append(name)

    def lookup(index, doc_type):
        names = by_source[index]
        if len(names) == 1:
            return names[0]
        return f"{index}-{doc_type}"
    return lookup


def make_bodies(args, data, plan, out_dir):
    """_bulk bodies of at most 10 MB with every exported document, as shardlift sends them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lookup = target_of(plan)
    export = subprocess.Popen([str(args.shardlift), "export", "--quiet", str(data), "-o", "-"],
                              stdout=subprocess.PIPE)
    bodies, chunk, size, docs = [], [], 0, 0

    def flush():
        nonlocal chunk, size
        if chunk:
            path = out_dir / f"body-{len(bodies):05d}.ndjson"
            path.write_bytes(b"".join(chunk))
            bodies.append(path)
        chunk, size = [], 0

    for line in export.stdout:
        doc = json.loads(line)
        action = {"_index": lookup(doc["_index"], doc.get("_type")), "_id": doc["_id"],
                  "version": doc.get("_version", 1), "version_type": "external"}
        if doc.get("_routing") is not None:
            action["routing"] = doc["_routing"]
        item = (json.dumps({"index": action}, ensure_ascii=False).encode() + b"\n" +
                json.dumps(doc["_source"], ensure_ascii=False, separators=(",", ":")).encode() +
                b"\n")
        if size + len(item) > BODY_BYTES:
            flush()
        chunk.append(item)
        size += len(item)
        docs += 1
    flush()
    if export.wait() != 0:
        raise RuntimeError("shardlift export failed")
    return bodies, docs


# --- the methods ----------------------------------------------------------------------------


class Phases:
    def __init__(self):
        self.start = time.monotonic()
        self.last = self.start
        self.spans = {}

    def mark(self, name):
        now = time.monotonic()
        self.spans[name] = now - self.last
        self.last = now


# migrate's lines that open a phase (the previous one closes with it).
MIGRATE_PHASES = [
    (re.compile(r"^starting "), "start"),
    (re.compile(r" up at http"), "work"),
    (re.compile(r"^creating \d+ ind"), "create"),
    (re.compile(r"^loading "), "load"),
    (re.compile(r"^restoring "), "finish"),
    (re.compile(r"^stopping "), "stop"),
]


def run_migrate(args, ds, run_dir, binary, extra):
    target = run_dir / "target"
    argv = [str(binary), "migrate", str(ds["data"]), "--target-home", str(args.es762_home),
            "--target", str(target)] + extra.split()
    if args.heap and not any(flag.startswith(("--target-heap", "--es7-heap"))
                             for flag in extra.split()):
        argv += ["--target-heap", args.heap]
    opened, started = [], time.monotonic()
    with open(run_dir / "migrate.out", "wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        with open(run_dir / "migrate.err", "wb") as err:
            for line in process.stderr:
                now = time.monotonic() - started
                err.write(b"%8.3f " % now + line)
                text = line.decode("utf-8", "replace")
                for pattern, name in MIGRATE_PHASES:
                    if pattern.search(text):
                        opened.append((name, now))
        code = process.wait()
    wall = time.monotonic() - started
    if code != 0:
        raise RuntimeError(f"shardlift migrate exited {code}: see {run_dir}/migrate.err")
    spans = {}
    for (name, at), nxt in zip(opened, [t for _, t in opened[1:]] + [wall]):
        spans[name] = nxt - at
    if "create" in spans:
        spans.pop("work", None)
    summary = (run_dir / "migrate.out").read_text(errors="replace")
    summary += (run_dir / "migrate.err").read_text(errors="replace")
    written = re.search(r"written: (\d+) created, (\d+) updated, (\d+) already present", summary)
    docs = sum(int(g) for g in written.groups()) if written else None
    return {"wall": wall, "phases": spans, "docs": docs}


def create_indices(url, plan, final):
    for name, target in plan["indices"].items():
        settings = (merged_settings(target["settings"], target["settings_after_load"])
                    if final else target["settings"])
        expect("PUT", f"{url}/{name}", {"settings": settings, "mappings": target["mappings"]})


def post_bodies(url, bodies, clients):
    def post(path):
        for _ in range(100):
            result = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                 "Content-Type: application/x-ndjson", "--data-binary", f"@{path}",
                 f"{url}/_bulk?filter_path=errors"], capture_output=True, text=True, check=False)
            if result.stdout != "429":
                return result.stdout
            time.sleep(0.5)
        return "429"
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(post, bodies))
    bad = [c for c in codes if c != "200"]
    if bad:
        raise RuntimeError(f"_bulk answered {bad[:5]}")


def count(url, pattern="*"):
    expect("POST", f"{url}/{pattern}/_refresh")
    return expect("GET", f"{url}/{pattern}/_count")["count"]


def run_ceiling(args, ds, run_dir, clients):
    phases = Phases()
    node = Node("ceiling", args.es762_home, run_dir / "target", run_dir / "run",
                args.heap or MIGRATE_HEAP, {}, args, migrate_jvm=True)
    try:
        node.wait_up()
        phases.mark("start")
        create_indices(node.url, ds["plan"], final=False)
        phases.mark("create")
        post_bodies(node.url, ds["bodies"], clients)
        phases.mark("load")
        for name, target in ds["plan"]["indices"].items():
            expect("PUT", f"{node.url}/{name}/_settings", target["settings_after_load"])
        expect("POST", f"{node.url}/_refresh")
        expect("POST", f"{node.url}/_flush")
        phases.mark("finish")
        counted = time.monotonic()
        docs = count(node.url)
        phases.last += time.monotonic() - counted  # the count is the bench's, not the job's
    finally:
        node.stop()
    phases.mark("stop")
    return {"wall": sum(phases.spans.values()), "phases": phases.spans, "docs": docs}


def run_old(args, ds, run_dir):
    source = run_dir / "source-copy"
    subprocess.run(["cp", "-a", str(ds["data"]), str(source)], check=True)  # untimed
    subprocess.run(["chmod", "-R", "u+w", str(source)], check=True)  # shared sets are read-only
    phases = Phases()
    es5 = Node("es5", args.es5_home, source, run_dir / "run5", "2g", {}, args)
    es7 = Node("es7", args.es762_home, run_dir / "target", run_dir / "run7", "2g",
               {"reindex.remote.whitelist": "127.0.0.1:*"}, args)
    failures = 0
    try:
        es5.wait_up()
        es7.wait_up()
        phases.mark("start")
        create_indices(es7.url, ds["plan"], final=True)
        phases.mark("create")
        for name, target in ds["plan"]["indices"].items():
            src = {"remote": {"host": es5.url}, "index": target["source"]}
            split = name != target["source"] and name.startswith(target["source"] + "-")
            if split:
                src["type"] = name[len(target["source"]) + 1:]
            _, answer = http("POST", f"{es7.url}/_reindex?wait_for_completion=true",
                             {"source": src, "dest": {"index": name, "type": "_doc"}},
                             timeout=3600)
            refused = (answer or {}).get("failures") or ([answer] if "error" in (answer or {})
                                                         else [])
            if refused:
                failures += len(refused)
                log(f"old: _reindex of {name} stopped at {json.dumps(refused[0])[:300]}")
        phases.mark("reindex")
        time.sleep(args.old_wait)
        phases.mark("wait")
        counted = time.monotonic()
        docs = count(es7.url)
        phases.last += time.monotonic() - counted
    finally:
        es7.stop()
        es5.stop()
    phases.mark("stop")
    wall = sum(phases.spans.values())
    no_wait = wall - phases.spans["wait"]
    # The old script always waits 60 s: a wait not slept here (--old-wait 0) is added.
    return {"wall": wall, "wall_no_wait": no_wait, "wall_with_wait": no_wait + 60,
            "phases": phases.spans,
            "docs": docs, "reindex_failures": failures}


def measure(args, ds, method):
    run_dir = args.work / f"{ds['name']}-{method}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    os.chmod(run_dir, 0o755)
    before = uptime()
    sampler = TreeSampler()
    cpu_before = children_cpu()
    sampler.start()
    try:
        if method == "migrate":
            result = run_migrate(args, ds, run_dir, args.shardlift, args.migrate_args)
        elif method in args.variants:
            result = run_migrate(args, ds, run_dir, *args.variants[method])
        elif method == "old":
            result = run_old(args, ds, run_dir)
        else:
            result = run_ceiling(args, ds, run_dir, int(method[len("ceiling-c"):]))
    finally:
        Node.kill_all()
        reap_orphans()
        split = sampler.finish()
    result.update(cpu=children_cpu() - cpu_before, cpu_by=split, peak_rss=sampler.peak_rss,
                  peak_rss_by=sampler.peak_by, uptime_before=before, uptime_after=uptime())
    load = result["phases"].get("load")
    if load and result["docs"]:
        result["load_docs_per_s"] = result["docs"] / load
    shutil.rmtree(run_dir, ignore_errors=True)
    return result


# --- the report -----------------------------------------------------------------------------


def spread(values, unit="", digits=1):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    mid = statistics.median(values)
    if len(values) == 1:
        return f"{mid:.{digits}f}{unit}"
    return f"{mid:.{digits}f}{unit} [{min(values):.{digits}f}-{max(values):.{digits}f}]"


def report(results, datasets, methods):
    lines = []
    for ds in datasets:
        lines.append(f"\n{ds['name']}: {ds['docs']} documents exported, {len(ds['plan']['indices'])}"
                     f" target indices, {ds['data']}")
        lines.append(f"{'method':<12} {'wall s':<20} {'CPU s':<20} {'peak RSS MB':<20} "
                     f"{'docs':<14} {'load docs/s':<22} phases (median s)")
        for method in methods:
            runs = results.get((ds["name"], method), [])
            if not runs:
                continue
            walls = [r["wall"] for r in runs]
            names = list(dict.fromkeys(k for r in runs for k in r["phases"]))
            phase_text = ", ".join(
                f"{n} {statistics.median([r['phases'][n] for r in runs if n in r['phases']]):.1f}"
                for n in names)
            cpu_by = ", ".join(
                f"{label} {statistics.median([r['cpu_by'].get(label, 0) for r in runs]):.1f}"
                for label in sorted({k for r in runs for k in r["cpu_by"]}))
            rss_by = ", ".join(
                f"{label} {statistics.median([r['peak_rss_by'].get(label, 0) for r in runs]) / 1e6:.0f}"
                for label in sorted({k for r in runs for k in r["peak_rss_by"]}))
            docs = sorted({r["docs"] for r in runs})
            lines.append(f"{method:<12} {spread(walls):<20} "
                         f"{spread([r['cpu'] for r in runs]):<20} "
                         f"{spread([r['peak_rss'] / 1e6 for r in runs], digits=0):<20} "
                         f"{','.join(map(str, docs)):<14} "
                         f"{spread([r.get('load_docs_per_s') for r in runs], digits=0):<22} "
                         f"{phase_text}")
            if method == "old":
                lines.append(f"{'  no wait':<12} {spread([r['wall_no_wait'] for r in runs]):<20}"
                             f" with the fixed 60 s wait: "
                             f"{spread([r['wall_with_wait'] for r in runs])}; "
                             f"reindex failures: {[r['reindex_failures'] for r in runs]}")
            lines.append(f"{'':<12} CPU by process: {cpu_by}; RSS at peak (MB): {rss_by}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--data", action="append", default=[],
                        help="NAME=DIR (an ES 5 path.data); default bench-speed and clearml")
    parser.add_argument("--methods", default="migrate,ceiling,old",
                        help="migrate, ceiling (every --clients count), ceiling-cN, old")
    parser.add_argument("--clients", default=f"1,{os.cpu_count()},{2 * os.cpu_count()}",
                        help="client counts the ceiling tries (default 1, cores, 2x cores)")
    parser.add_argument("--heap", help="heap of migrate's and the ceiling's node (default: "
                        f"migrate's own, {MIGRATE_HEAP})")
    parser.add_argument("--migrate-args", default="", help="extra flags for shardlift migrate")
    parser.add_argument("--variant", action="append", default=[],
                        help="NAME=BINARY[:FLAGS]: a method NAME that runs BINARY migrate with "
                        "FLAGS (a lever, or main's binary), alternated with the others")
    parser.add_argument("--old-wait", type=float, default=60.0,
                        help="the old script's fixed wait, slept (0: not slept, only reported)")
    parser.add_argument("--es762-home", help="default <build>/es7-home-7.6.2")
    parser.add_argument("--es5-zip", default=str(pathlib.Path.home() / ".m2/repository/org/"
                        "elasticsearch/distribution/integ-test-zip/elasticsearch/5.6.16/"
                        "elasticsearch-5.6.16.zip"))
    parser.add_argument("--java-home", default="/usr/lib/jvm/java-17-openjdk-amd64")
    parser.add_argument("--node-user", default="shardlift-es")
    parser.add_argument("--work", help="default <build>/bench-whole-job")
    parser.add_argument("--json", help="also write every run's figures here")
    args = parser.parse_args()

    build = pathlib.Path(args.build).resolve()
    args.shardlift = build / "shardlift"
    args.es762_home = pathlib.Path(args.es762_home or build / "es7-home-7.6.2").resolve()
    args.work = pathlib.Path(args.work or build / "bench-whole-job").resolve()
    shared = pathlib.Path(os.environ.get("SHARDLIFT_SHARED_DIR", ROOT.parent / "shared"))
    if not args.data:
        # The ClearML-like dir: the ctest fixture es56-clearml's, else run_es56.sh's cached one.
        clearml = build / "tests/es56/clearml/data"
        if not clearml.is_dir():
            clearml = pathlib.Path.home() / ".cache/shardlift/bench/clearml-70k/data"
        args.data = [f"bench-speed={shared}/bench/bench-speed/data", f"clearml={clearml}"]
    args.variants = {}
    for item in args.variant:
        name, _, spec = item.partition("=")
        binary, _, flags = spec.partition(":")
        args.variants[name] = (pathlib.Path(binary).resolve(), flags)
    methods = list(args.variants)
    for method in args.methods.split(","):
        if method == "ceiling":
            methods += [f"ceiling-c{n}" for n in args.clients.split(",")]
        else:
            methods.append(method)
    for needed in [args.shardlift, args.es762_home / "bin" / "elasticsearch"]:
        if not needed.exists():
            sys.exit(f"whole-job: {needed} missing (cmake --build {build} --target shardlift "
                     "es7-home-7.6.2)")
    if "old" in methods and not (args.es762_home / "modules/reindex/plugin-security.policy").exists():
        sys.exit(f"whole-job: {args.es762_home} has no reindex security policy, so _reindex from "
                 "remote is refused: lay the home out again (tests/es7/make-target-home.sh)")

    # Orphans (a daemonizing launcher's children) come back to this process: the tree stays whole.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    args.work.mkdir(parents=True, exist_ok=True)
    os.chmod(args.work, 0o755)
    results = {}
    try:
        if "old" in methods:
            args.es5_home = args.work / "es-5.6.16"
            if not (args.es5_home / "bin" / "elasticsearch").exists():
                subprocess.run(["unzip", "-q", "-o", args.es5_zip, "-d", str(args.work)],
                               check=True)
                (args.work / "elasticsearch-5.6.16").rename(args.es5_home)
        datasets = []
        for item in args.data:
            name, _, path = item.partition("=")
            data = pathlib.Path(path).resolve()
            if not (data / "nodes").is_dir() and (data / "data" / "nodes").is_dir():
                data = data / "data"  # a set's root: ES 5 (the old method) wants its path.data
            if not data.is_dir():
                log(f"{name}: {data} missing, skipped")
                continue
            ds = {"name": name, "data": data, "plan": load_plan(args, data)}
            log(f"{name}: making the _bulk bodies (untimed)")
            ds["bodies"], ds["docs"] = make_bodies(args, data, ds["plan"],
                                                   args.work / f"bodies-{name}")
            datasets.append(ds)
        log(f"start: {uptime()}")
        for rep in range(args.reps):
            order = methods[rep % len(methods):] + methods[:rep % len(methods)]
            for ds in datasets:
                for method in order:
                    try:
                        result = measure(args, ds, method)
                    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                        log(f"rep {rep + 1} {ds['name']} {method}: failed: {error}")
                        continue
                    results.setdefault((ds["name"], method), []).append(result)
                    log(f"rep {rep + 1} {ds['name']} {method}: wall {result['wall']:.1f} s, "
                        f"CPU {result['cpu']:.1f} s, peak RSS {result['peak_rss'] / 1e6:.0f} MB, "
                        f"docs {result['docs']}, phases "
                        + ", ".join(f"{k} {v:.1f}" for k, v in result["phases"].items())
                        + f"; {result['uptime_after']}")
        log(f"end: {uptime()}")
    finally:
        Node.kill_all()
        reap_orphans()
    print(report(results, datasets, methods))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({f"{d}/{m}": runs for (d, m), runs in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()
