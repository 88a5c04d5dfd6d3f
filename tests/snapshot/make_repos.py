#!/usr/bin/env python3
"""Writes snapshot repositories with a real Elasticsearch 5.6 (the node of tests/es56, started with
`run_es56.sh serve --out DIR`, whose path.repo is DIR/repo) for what the shared bwc repositories do
not cover: incremental snapshots with updates and deletes between them, a deleted snapshot,
`compress: true`, a small `chunk_size`, a closed index (PARTIAL), no global state, several indices,
templates, single-type and best_compression indices, and a 2.4 repository continued by 5.6.

  make_repos.py ES_URL REPO_ROOT [--legacy SHARED/fixtures/es-bwc-repo/repo-2.4.0.zip]

For every snapshot it writes REPO_ROOT/<repo>/../expected/<repo>/<snapshot>.ndjson.gz: what the node
served right before the snapshot (a snapshot flushes, so it holds exactly that), in the neutral
line format of shared/README.md.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
import urllib.error
import urllib.request
import zipfile


class Es:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def call(self, method, path, body=None, ok=(200, 201)):
        data = None
        headers = {}
        if body is not None:
            if isinstance(body, (dict, list)):
                data = json.dumps(body).encode()
            else:
                data = body.encode() if isinstance(body, str) else body
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                status, payload = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, payload = e.code, e.read()
        if status not in ok:
            raise RuntimeError(f"{method} {path}: {status} {payload[:500]!r}")
        return json.loads(payload) if payload else None

    def bulk(self, lines):
        body = "".join(json.dumps(x) + "\n" for x in lines)
        r = self.call("POST", "/_bulk?refresh=true", body)
        if r["errors"]:
            raise RuntimeError(f"bulk errors: {[i for i in r['items'] if 'error' in next(iter(i.values()))][:3]}")


def dump_index(es, index):
    """Every document with its version, as the neutral expected format."""
    out = []
    r = es.call("POST", f"/{index}/_search?scroll=1m",
                {"size": 500, "version": True, "sort": ["_doc"], "query": {"match_all": {}}})
    while r["hits"]["hits"]:
        for h in r["hits"]["hits"]:
            out.append({"index": h["_index"], "type": h["_type"], "id": h["_id"],
                        "routing": h.get("_routing"), "parent": h.get("_parent"),
                        "version": h["_version"], "source": h.get("_source")})
        r = es.call("POST", "/_search/scroll", {"scroll": "1m", "scroll_id": r["_scroll_id"]})
    return out


def snapshot(es, repo, name, expected_dir, indices, body=None, expect_state="SUCCESS"):
    docs = []
    for index in indices:
        docs += dump_index(es, index)
    body = dict(body or {}, indices=",".join(indices))
    r = es.call("PUT", f"/_snapshot/{repo}/{name}?wait_for_completion=true", body)
    state = r["snapshot"]["state"]
    if state != expect_state:
        raise RuntimeError(f"{repo}/{name}: {state}, expected {expect_state}: {r}")
    os.makedirs(expected_dir, exist_ok=True)
    with gzip.open(os.path.join(expected_dir, f"{name}.ndjson.gz"), "wt") as f:
        for d in sorted(docs, key=lambda d: (d["index"], d["type"], d["id"])):
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{repo}/{name}: {state}, {len(docs)} docs, shards {r['snapshot']['shards']}", flush=True)


def words(rnd, n):
    return " ".join(rnd.choice(["alpha", "beta", "gamma", "delta", "ümlaut", "日本", "x" * 40])
                    for _ in range(n))


def doc(rnd, i):
    return {"title": words(rnd, 5), "n": i, "f": rnd.random() * 1000, "tags": [words(rnd, 1)],
            "nested": {"a": {"b": rnd.randint(0, 1 << 40)}}, "body": words(rnd, rnd.randint(5, 200))}


def register(es, repo, root, **settings):
    es.call("PUT", f"/_snapshot/{repo}", {"type": "fs", "settings": dict(location=os.path.join(root, repo), **settings)})


def templates(es):
    es.call("PUT", "/_template/tpl_a", {
        "template": "a*", "order": 1, "settings": {"number_of_shards": 2},
        "mappings": {"doc": {"properties": {"title": {"type": "text"}}}},
        "aliases": {"alias_a": {}, "alias_f": {"filter": {"term": {"n": 1}}, "routing": "r1"}}})
    es.call("PUT", "/_template/tpl_b", {"template": "b*", "order": 0, "version": 7,
                                        "settings": {"index.refresh_interval": "5s"}})


def create(es, index, shards, extra=None, mappings=None):
    body = {"settings": dict({"number_of_shards": shards, "number_of_replicas": 0}, **(extra or {}))}
    if mappings:
        body["mappings"] = mappings
    es.call("PUT", f"/{index}", body)
    es.call("GET", f"/_cluster/health/{index}?wait_for_status=green&timeout=60s")


def fill(es, rnd, index, typ, ids, routing=None):
    lines = []
    for i in ids:
        meta = {"_index": index, "_type": typ, "_id": str(i)}
        if routing:
            meta["_routing"] = routing(i)
        lines += [{"index": meta}, doc(rnd, i)]
    es.bulk(lines)


def incremental(es, rnd, root, expected):
    """repo `incremental`: s1, changes, s2, changes + forcemerge, s3, then s1 deleted."""
    register(es, "incremental", root)
    templates(es)
    create(es, "multi", 3, mappings={"post": {"properties": {"title": {"type": "text"}}},
                                     "comment": {"_routing": {"required": True}}})
    create(es, "single", 1, {"index.mapping.single_type": True})
    create(es, "best", 1, {"index.codec": "best_compression"})
    es.call("POST", "/multi/_alias/multi_alias", {})
    fill(es, rnd, "multi", "post", range(0, 400))
    fill(es, rnd, "multi", "comment", range(0, 200), routing=lambda i: f"r{i % 7}")
    fill(es, rnd, "single", "only", range(0, 300))
    fill(es, rnd, "best", "doc", range(0, 300))
    indices = ["multi", "single", "best"]
    es.call("POST", "/_flush", {})
    snapshot(es, "incremental", "s1", expected, indices)
    # updates (new version), deletes, new docs; a flush so the old segments gain .liv files
    fill(es, rnd, "multi", "post", range(0, 400, 3))
    for i in range(1, 400, 10):
        es.call("DELETE", f"/multi/post/{i}?refresh=true")
    fill(es, rnd, "multi", "post", range(400, 450))
    fill(es, rnd, "single", "only", range(0, 300, 5))
    es.call("DELETE", "/single/only/7?refresh=true")
    es.call("POST", "/_flush", {})
    snapshot(es, "incremental", "s2", expected, indices)
    fill(es, rnd, "best", "doc", range(300, 320))
    es.call("POST", "/best/doc/3/_update?refresh=true",
            {"doc": {"title": "updated"}})
    es.call("POST", "/multi/_forcemerge?max_num_segments=1", {})
    snapshot(es, "incremental", "s3", expected, indices)
    es.call("DELETE", "/_snapshot/incremental/s1")
    os.remove(os.path.join(expected, "s1.ndjson.gz"))
    print("incremental/s1 deleted", flush=True)


def compressed_and_chunked(es, rnd, root, expected_root):
    for repo, settings in (("compressed", {"compress": True}),
                           ("chunked", {"chunk_size": "1kb"}),
                           ("both", {"compress": True, "chunk_size": "64kb"})):
        register(es, repo, root, **settings)
        snapshot(es, repo, "snap", os.path.join(expected_root, repo), ["multi", "single", "best"])


def partial(es, rnd, root, expected):
    """An index whose primaries cannot be allocated makes a PARTIAL snapshot (partial: true), with
    the global state left out. (A closed index named in the request is refused outright by 5.6:
    `cluster_block_exception ... index closed`.)"""
    register(es, "partial", root)
    es.call("PUT", "/red?wait_for_active_shards=0", {"settings": {
        "number_of_shards": 2, "number_of_replicas": 0,
        "index.routing.allocation.require._name": "no-such-node"}})
    create(es, "open2", 2)
    fill(es, rnd, "open2", "doc", range(0, 80))
    es.call("POST", "/_flush", {})
    docs = dump_index(es, "open2")
    r = es.call("PUT", "/_snapshot/partial/p1?wait_for_completion=true",
                {"indices": "open2,red", "partial": True, "include_global_state": False})
    print(f"partial/p1: {r['snapshot']['state']} failures {r['snapshot']['failures']}", flush=True)
    os.makedirs(expected, exist_ok=True)
    with gzip.open(os.path.join(expected, "p1.ndjson.gz"), "wt") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    snapshot(es, "partial", "g0", expected, ["open2"], {"include_global_state": False})
    # Without partial: true, an unallocated primary makes 5.6 write a FAILED snapshot (reason
    # "Indices don't have primary shards") with no shard data at all.
    es.call("PUT", "/red2?wait_for_active_shards=0", {"settings": {
        "number_of_shards": 1, "number_of_replicas": 0,
        "index.routing.allocation.require._name": "no-such-node"}})
    r = es.call("PUT", "/_snapshot/partial/f1?wait_for_completion=true",
                {"indices": "red2,open2", "include_global_state": False})
    print(f"partial/f1: {r['snapshot']['state']} ({r['snapshot'].get('reason')})", flush=True)
    es.call("DELETE", "/red,red2")


def legacy(es, rnd, root, expected, zip_path):
    """The 2.4.0 bwc repository continued by 5.6: test_1 restored, changed, snapshotted as test_2."""
    target = os.path.join(root, "legacy")
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root + "/.legacy-unzip")
    shutil.move(os.path.join(root, ".legacy-unzip", "repo"), target)
    shutil.rmtree(os.path.join(root, ".legacy-unzip"))
    os.system(f"chown -R --reference={root} {target}")
    register(es, "legacy", root)
    es.call("POST", "/_snapshot/legacy/test_1/_restore?wait_for_completion=true",
            {"indices": "index-2.4.0", "include_global_state": False})
    index = "index-2.4.0"
    es.call("GET", f"/_cluster/health/{index}?wait_for_status=green&timeout=60s")
    fill(es, rnd, index, "doc", range(0, 50))
    es.call("DELETE", f"/{index}/doc/60?refresh=true")
    es.call("POST", "/_flush", {})
    snapshot(es, "legacy", "test_2", expected, [index, "best"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("root")
    ap.add_argument("--legacy")
    ap.add_argument("--seed", type=int, default=5616)
    ap.add_argument("--only-partial", action="store_true", help="resume after the first scenarios")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    es = Es(a.url)
    expected_root = os.path.join(os.path.dirname(os.path.abspath(a.root)), "expected")
    if not a.only_partial:
        incremental(es, rnd, a.root, os.path.join(expected_root, "incremental"))
        compressed_and_chunked(es, rnd, a.root, expected_root)
    partial(es, rnd, a.root, os.path.join(expected_root, "partial"))
    if a.legacy:
        legacy(es, rnd, a.root, os.path.join(expected_root, "legacy"), a.legacy)
    return 0


if __name__ == "__main__":
    sys.exit(main())
