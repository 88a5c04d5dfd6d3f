#!/usr/bin/env bash
# The stored-fields decode benchmark, side by side with its ceiling and with Lucene itself:
# builds (Release), runs bench/lucene_decode_bench (shardlift's decode, liblz4 / libdeflate / zlib
# on the same chunks) and the Java oracle's read-bench (Lucene 6.6's per-document and merge
# readers) on ../shared/bench, and prints one table with the ratios.
#
#   bench/run-decode-bench.sh [--reps N] [--build-dir DIR] [--no-oracle] [--export] [--filter RE]
#
# --filter runs only the rows whose name matches RE (Google Benchmark's --benchmark_filter), e.g.
# 'paired' for the two paired rows of each data set.
# --export also times the binary, `shardlift export DATA -o /dev/null -p N` with 1 and 2 workers
# (process start included). Rates are per CPU second (medians of N repetitions, default 5): on a
# shared machine CPU time is the steadier figure. 1 MB = 10^6 bytes of _source. The targets'
# measures are the paired ratios: decode and ceiling, export and decode, timed back to back within
# each iteration, so the machine's drift (10-20% within seconds on a shared VM) hits both alike;
# the rows' ratios are shown too.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=5
build_dir=build
oracle=1
export_run=0
filter=.
while (($#)); do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --no-oracle) oracle=0; shift ;;
    --export) export_run=1; shift ;;
    --filter) filter=$2; shift 2 ;;
    *) echo "usage: $0 [--reps N] [--build-dir DIR] [--no-oracle] [--export] [--filter RE]" >&2
       exit 2 ;;
  esac
done

shared_dir=$(realpath -m "${SHARDLIFT_SHARED_DIR:-$PWD/../shared}")
if [[ ! -d $shared_dir/bench ]]; then
  echo "SKIPPED: benchmark data missing: $shared_dir/bench (set SHARDLIFT_SHARED_DIR)" >&2
  exit 0
fi
out=$(mktemp -d /tmp/shardlift-decode-bench.XXXXXX)
echo "==> results in $out"

echo "==> building (Release) in $build_dir"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHARDLIFT_BENCH=ON \
  -DSHARDLIFT_SHARED_DIR="$shared_dir" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target lucene_decode_bench shardlift >/dev/null
{
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Core\(s\) per socket|L2 cache|L3 cache)'
  echo "Kernel: $(uname -r); compiler: $(c++ --version | head -1)"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"

echo "==> lucene_decode_bench ($reps repetitions, interleaved)"
"$build_dir/bench/lucene_decode_bench" --benchmark_repetitions="$reps" --benchmark_filter="$filter" \
  --benchmark_enable_random_interleaving=true --benchmark_min_time=1 \
  --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/bench.json" --benchmark_out_format=json >"$out/bench.txt"

shard_dirs() { ls -d "$shared_dir/bench/$1"/data/nodes/*/indices/*/*/index; }
if ((oracle)); then
  tests/oracle/build.sh "$build_dir/tests/oracle"
  for set in bench-speed bench-compression; do
    echo "==> Java oracle read-bench on $set"
    # shellcheck disable=SC2046
    java -jar "$build_dir/tests/oracle/oracle.jar" read-bench --reps "$reps" --path both \
      $(shard_dirs "$set") >"$out/oracle-$set.json"
  done
fi

if ((export_run)); then
  for set in bench-speed bench-compression; do
    for threads in 1 2; do
      echo "==> shardlift export $set, $threads worker(s)"
      for ((i = 0; i < reps; i++)); do
        /usr/bin/time -f '%e %U %S' -a -o "$out/export-$set-$threads.txt" \
          "$build_dir/shardlift" export --quiet "$shared_dir/bench/$set/data" -o /dev/null \
          -p "$threads" >/dev/null
      done
    done
  done
fi
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

python3 - "$out" <<'EOF'
import json, os, statistics, sys

out = sys.argv[1]
bench = json.load(open(os.path.join(out, "bench.json")))
medians = {b["run_name"]: b for b in bench["benchmarks"] if b.get("aggregate_name") == "median"}
ctx = bench["context"]
print()
print(open(os.path.join(out, "machine.txt")).read().rstrip())
print(f"Google Benchmark: {bench['benchmarks'][0]['repetitions']} repetitions, medians of CPU time")

def mb(b): return b["bytes_per_second"] / 1e6

rows, ratios = [], []
for s in ("bench-speed", "bench-compression"):
    if f"{s}.docs" not in ctx: continue
    print(f"\n{s}: {int(ctx[s + '.docs']):,} docs, {int(ctx[s + '.source_bytes']) / 1e6:.1f} MB of _source, "
          f"{int(ctx[s + '.fdt_bytes']) / 1e6:.1f} MB of .fdt, {ctx[s + '.blocks']} blocks, shards: {ctx[s + '.shards']}")
    if s + ".liblz4" in ctx: print("  " + ctx[s + ".liblz4"])
    print(f"  {'reader':<44} {'MB/s':>9} {'docs/s':>12}")
    row = lambda name, m, d: print(f"  {name:<44} {m:9.1f} {d:12,.0f}")
    ours = medians.get(f"{s}/decode/shardlift")
    ceilings = {k.split("/")[-1]: v for k, v in medians.items() if k.startswith(f"{s}/ceiling/")}
    for name, b in [("shardlift decode (_source views)", ours)] + \
                   [(f"ceiling: {k}" + (f" ({v['label']})" if v.get("label") else ""), v) for k, v in ceilings.items()] + \
                   [("shardlift codec alone, same blocks", medians.get(f"{s}/codec/shardlift")),
                    (".fdt CRC-32 (once at open)", medians.get(f"{s}/crc32/fdt"))]:
        if b: row(name, mb(b), b["docs_per_s"])
    oracle = {}
    path = os.path.join(out, f"oracle-{s}.json")
    if os.path.exists(path):
        for line in open(path):
            if line.startswith("{"):
                o = json.loads(line); oracle[o["path"]] = o
                row(f"Lucene 6.6 {o['path']} (Java)", o["source_mb_per_cpu_s"], o["docs_per_cpu_s"])
    for threads in (1, 2):
        p = os.path.join(out, f"export-{s}-{threads}.txt")
        if os.path.exists(p):
            times = [list(map(float, l.split())) for l in open(p) if l.strip()]
            cpu = statistics.median(t[1] + t[2] for t in times)
            wall = statistics.median(t[0] for t in times)
            src = int(ctx[s + ".source_bytes"]) / 1e6
            row(f"shardlift export -o /dev/null, {threads} thr (wall)", src / wall, int(ctx[s + ".docs"]) / wall)
            row(f"shardlift export -o /dev/null, {threads} thr (CPU)", src / cpu, int(ctx[s + ".docs"]) / cpu)
    paired = medians.get(f"{s}/paired/shardlift-vs-ceiling")
    if paired:
        print(f"  paired (decode and ceilings back to back in each iteration): shardlift {paired['shardlift_MBps']:.0f} MB/s, "
              f"ceiling {paired['ceiling_MBps']:.0f} MB/s: ratio {paired['ratio']:.1%} (median of per-iteration ratios)", end="")
        if "ratio_partial" in paired:
            print(f"; liblz4-partial {paired['partial_MBps']:.0f} MB/s: ratio {paired['ratio_partial']:.1%}", end="")
        print()
    export = medians.get(f"{s}/paired/export-vs-decode")
    if export:
        print(f"  paired (export and decode back to back in each iteration): export {export['export_MBps']:.0f} MB/s, "
              f"decode {export['decode_MBps']:.0f} MB/s: ratio {export['ratio']:.1%} (median of per-iteration ratios)")
    if ours and ceilings:
        best_name, best = max(ceilings.items(), key=lambda kv: mb(kv[1]))
        print(f"  row ratios: ours/ceiling ({best_name}) = {mb(ours) / mb(best):.1%}", end="")
        for k, v in ceilings.items():
            if k != best_name: print(f", ours/{k} = {mb(ours) / mb(v):.1%}", end="")
        crc = medians.get(f"{s}/crc32/fdt")
        if crc: print(f"; .fdt CRC adds {mb(ours) / mb(crc):.1%} of decode time", end="")
        for p, o in oracle.items():
            print(f"; ours/Lucene {p} = {mb(ours) / o['source_mb_per_cpu_s']:.1f}x", end="")
        print()
EOF
