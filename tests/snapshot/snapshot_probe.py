#!/usr/bin/env python3
"""Throw-away prototype: decodes Elasticsearch 2.0-5.6 `fs` snapshot repositories byte by byte,
following docs/snapshot-repository-format.md, and proves the result by rebuilding each shard's
Lucene directory and reading it with `shardlift lucene-dump`.

Independent of shardlift's own decoders on purpose (its own SMILE reader, CodecUtil framing,
DEFLATE): a second implementation of the spec, not a test of the C++ one.

  snapshot_probe.py REPO [--snapshot NAME|latest] [--shardlift BIN] [--expected NDJSON.gz]
                         [--assemble DIR] [--json]
  snapshot_probe.py REPO --expected-dir DIR [--shardlift BIN]   every snapshot, DIR/<name>.ndjson.gz
  snapshot_probe.py --shared SHARED_DIR --shardlift BIN      every fixtures/es-bwc-repo zip

REPO is a repository directory or a zip holding `repo/`. Exit 0 when everything checked out.
"""

import argparse
import base64
import decimal
import gzip
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

# --------------------------------------------------------------------------------------------
# SMILE (Jackson 2.x SmileParser semantics, the subset ES writes plus everything in the spec)


class FormatError(Exception):
    pass


class Smile:
    HEADER = b":)\n"

    def __init__(self, data, where):
        if data[:3] != self.HEADER or len(data) < 4:
            raise FormatError(f"{where}: no SMILE header")
        self.data = data
        self.where = where
        flags = data[3]
        self.shared_names = bool(flags & 0x01)
        self.shared_values = bool(flags & 0x02)
        self.pos = 4
        self.names = []
        self.values = []

    def fail(self, what):
        raise FormatError(f"{self.where}: SMILE offset {self.pos}: {what}")

    def byte(self):
        if self.pos >= len(self.data):
            self.fail("truncated")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def take(self, n):
        if self.pos + n > len(self.data):
            self.fail("truncated")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def vint(self):
        value = 0
        for _ in range(11):
            b = self.byte()
            if b & 0x80:
                return (value << 6) | (b & 0x3F)
            value = (value << 7) | b
        self.fail("VInt too long")

    def zigzag(self):
        n = self.vint()
        return (n >> 1) ^ -(n & 1)

    def seven_bit_groups(self, count):
        value = 0
        for _ in range(count):
            value = (value << 7) | (self.byte() & 0x7F)
        return value

    def seven_bit_bytes(self, length):
        out = bytearray()
        left = length
        while left >= 7:
            v = self.seven_bit_groups(8)
            out += v.to_bytes(7, "big")
            left -= 7
        if left:
            # n bytes in n+1 encoded bytes, the last one right-aligned (SmileParser._read7BitBinary)
            value = self.byte()
            for i in range(1, left):
                value = (value << 7) + self.byte()
                out.append((value >> (7 - i)) & 0xFF)
            value <<= left
            out.append((value + self.byte()) & 0xFF)
        return bytes(out)

    def until_fc(self):
        end = self.data.find(b"\xfc", self.pos)
        if end < 0:
            self.fail("unterminated long string")
        s = self.data[self.pos:end]
        self.pos = end + 1
        return s.decode("utf-8")

    def remember(self, table, s):
        if len(table) >= 1024:
            table.clear()
        table.append(s)

    def value(self, b=None):
        if b is None:
            b = self.byte()
        if 0x01 <= b <= 0x1F:
            return self.values[b - 1]
        if b == 0x20:
            return ""
        if b == 0x21:
            return None
        if b == 0x22:
            return False
        if b == 0x23:
            return True
        if b in (0x24, 0x25):
            return self.zigzag()
        if b == 0x26:
            raw = self.seven_bit_bytes(self.vint())
            return int.from_bytes(raw, "big", signed=True)
        if b == 0x28:
            return struct.unpack(">f", self.seven_bit_groups(5).to_bytes(4, "big"))[0]
        if b == 0x29:
            return struct.unpack(">d", self.seven_bit_groups(10).to_bytes(8, "big"))[0]
        if b == 0x2A:
            scale = self.zigzag()
            unscaled = int.from_bytes(self.seven_bit_bytes(self.vint()), "big", signed=True)
            return decimal.Decimal(unscaled).scaleb(-scale)
        if 0x40 <= b <= 0xBF:
            n = (b & 0x3F) + (1 if b < 0x80 else 2)
            s = self.take(n).decode("utf-8")
            if self.shared_values:
                self.remember(self.values, s)
            return s
        if 0xC0 <= b <= 0xDF:
            n = b & 0x1F
            return (n >> 1) ^ -(n & 1)
        if b in (0xE0, 0xE4):
            return self.until_fc()
        if b == 0xE8:
            return self.seven_bit_bytes(self.vint())
        if 0xEC <= b <= 0xEF:
            return self.values[((b & 3) << 8) | self.byte()]
        if b == 0xF8:
            out = []
            while True:
                nb = self.byte()
                if nb == 0xF9:
                    return out
                out.append(self.value(nb))
        if b == 0xFA:
            return self.object()
        if b == 0xFD:
            return self.take(self.vint())
        self.fail(f"unexpected value token 0x{b:02x}")

    def object(self):
        out = {}
        while True:
            b = self.byte()
            if b == 0xFB:
                return out
            if b == 0x20:
                key = ""
            elif 0x30 <= b <= 0x33:
                key = self.names[((b & 3) << 8) | self.byte()]
            elif b == 0x34:
                key = self.until_fc()
                if self.shared_names:
                    self.remember(self.names, key)
            elif 0x40 <= b <= 0x7F:
                key = self.names[b & 0x3F]
            elif 0x80 <= b <= 0xF7:
                n = (b & 0x3F) + (1 if b < 0xC0 else 2)
                key = self.take(n).decode("utf-8")
                if self.shared_names:
                    self.remember(self.names, key)
            else:
                self.fail(f"unexpected key token 0x{b:02x}")
            out[key] = self.value()

    def document(self):
        root = self.value()
        while self.pos < len(self.data) and self.data[self.pos] == 0xFF:
            self.pos += 1
        if self.pos != len(self.data):
            self.fail(f"{len(self.data) - self.pos} bytes after the root value")
        return root


# --------------------------------------------------------------------------------------------
# Framing: CodecUtil header + footer around the XContent, optional DFL\0 raw DEFLATE


CODEC_MAGIC = 0x3FD76C17
FOOTER_MAGIC = 0xC02893E8
DEFLATE_HEADER = b"DFL\x00"
BLOB_FORMAT_VERSION = 1  # ChecksumBlobStoreFormat.VERSION (2.0 .. 5.6)


def parse_xcontent(data, where):
    if data[:3] == Smile.HEADER:
        return Smile(data, where).document(), "smile"
    stripped = data.lstrip()
    if stripped[:1] == b"{":
        return json.loads(data.decode("utf-8"), parse_float=decimal.Decimal), "json"
    raise FormatError(f"{where}: neither SMILE nor JSON (starts {data[:8].hex()})")


def inflate_raw(data, where):
    d = zlib.decompressobj(-15)
    out = d.decompress(data) + d.flush()
    if not d.eof:
        raise FormatError(f"{where}: DEFLATE stream does not end")
    if d.unused_data:
        raise FormatError(f"{where}: {len(d.unused_data)} bytes after the DEFLATE stream")
    return out


def read_codec_blob(path, codec):
    """Returns (object, facts) for a ChecksumBlobStoreFormat blob (snap-*, meta-*, shard index-N)."""
    data = open(path, "rb").read()
    where = path
    if len(data) < 4 + 1 + len(codec) + 4 + 16:
        raise FormatError(f"{where}: {len(data)} bytes, too short")
    magic, = struct.unpack(">I", data[:4])
    if magic != CODEC_MAGIC:
        raise FormatError(f"{where}: offset 0: header magic {magic:08x}")
    foot_magic, algo, crc = struct.unpack(">IIQ", data[-16:])
    if foot_magic != FOOTER_MAGIC or algo != 0:
        raise FormatError(f"{where}: offset {len(data) - 16}: bad footer {foot_magic:08x}/{algo}")
    actual = zlib.crc32(data[:-8])
    if crc != actual:
        raise FormatError(f"{where}: checksum {crc:08x} != computed {actual:08x}")
    name_len = data[4]  # a VInt; codec names are < 128 bytes
    name = data[5:5 + name_len].decode("ascii")
    if name != codec:
        raise FormatError(f"{where}: offset 5: codec {name!r}, expected {codec!r}")
    version, = struct.unpack(">I", data[5 + name_len:9 + name_len])
    if version != BLOB_FORMAT_VERSION:
        raise FormatError(f"{where}: offset {5 + name_len}: format version {version}")
    body = data[9 + name_len:-16]
    compressed = body[:4] == DEFLATE_HEADER
    if compressed:
        body = inflate_raw(body[4:], where)
    obj, kind = parse_xcontent(body, where)
    return obj, {"compressed": compressed, "xcontent": kind}


# --------------------------------------------------------------------------------------------
# The repository


class Repository:
    def __init__(self, root):
        self.root = root
        self.problems = []
        self.facts = {"compressed": set(), "xcontent": set()}
        names = set(os.listdir(root))
        gens = [int(n[6:]) for n in names if re.fullmatch(r"index-\d+", n)]
        if gens:
            self.layout = "5.x"
            self.gen = max(gens)
            if "index.latest" in names:
                latest, = struct.unpack(">q", open(os.path.join(root, "index.latest"), "rb").read())
                if latest != self.gen:
                    self.problems.append(f"index.latest says {latest}, newest index-N is {self.gen}")
            data = json.loads(open(os.path.join(root, f"index-{self.gen}"), "rb").read())
            self.snapshots, self.index_ids = self._repository_data(data)
            incompatible = os.path.join(root, "incompatible-snapshots")
            self.incompatible = []
            if os.path.exists(incompatible):
                self.incompatible = json.load(open(incompatible))["incompatible-snapshots"]
        elif "index" in names:
            self.layout = "2.x"
            self.gen = None
            data = json.loads(open(os.path.join(root, "index"), "rb").read())
            self.snapshots = [{"name": n, "uuid": n, "state": None} for n in data["snapshots"]]
            self.index_ids = {}
            self.incompatible = []
            listed = sorted(n[5:-4] for n in names if n.startswith("snap-") and n.endswith(".dat"))
            if listed != sorted(s["name"] for s in self.snapshots):
                self.problems.append(f"`index` lists {data['snapshots']}, snap-*.dat: {listed}")
        else:
            raise FormatError(f"{root}: neither index-N nor index: not a 2.0-5.6 repository")

    @staticmethod
    def _repository_data(data):
        snapshots = []
        by_uuid = {}
        for entry in data.get("snapshots", []):
            if isinstance(entry, str):  # written by 2.x, kept by a 5.x that never rewrote it
                entry = {"name": entry, "uuid": entry}
            snap = {"name": entry["name"], "uuid": entry["uuid"], "state": entry.get("state")}
            snapshots.append(snap)
            by_uuid[snap["uuid"]] = snap
        index_ids = {}
        for name, entry in data.get("indices", {}).items():
            uuids = [s if isinstance(s, str) else s["uuid"] for s in entry["snapshots"]]
            index_ids[name] = {"id": entry["id"], "snapshots": uuids}
        return snapshots, index_ids

    def blob(self, *parts):
        return os.path.join(self.root, *parts)

    def read(self, path, codec):
        obj, facts = read_codec_blob(path, codec)
        self.facts["compressed"].add(facts["compressed"])
        self.facts["xcontent"].add(facts["xcontent"])
        return obj

    def index_dir(self, index_name):
        """indices/<id>: the repository's IndexId in 5.x, the index name for 2.x-written data."""
        entry = self.index_ids.get(index_name)
        return entry["id"] if entry else index_name

    def snapshot_info(self, snap):
        info = self.read(self.blob(f"snap-{snap['uuid']}.dat"), "snapshot")["snapshot"]
        return info

    def infos(self):
        return [(snap, self.snapshot_info(snap)) for snap in self.snapshots]

    @staticmethod
    def select(infos, wanted):
        """Refuses to guess among several snapshots; `latest` = newest SUCCESS by start time."""
        if wanted is None:
            if len(infos) != 1:
                raise FormatError(f"{len(infos)} snapshots: name one (or #latest)")
            return infos[0]
        if wanted == "latest":
            ok = [x for x in infos if x[1]["state"] == "SUCCESS"]
            if not ok:
                raise FormatError("no SUCCESS snapshot")
            return max(ok, key=lambda x: (x[1]["start_time"], x[1].get("end_time", 0)))
        for snap, info in infos:
            if snap["name"] == wanted:
                return snap, info
        raise FormatError(f"no snapshot {wanted!r}")


def crc_footer_checksum(data):
    """Lucene footer of a whole file -> (stored CRC, computed CRC) or None when there is none."""
    if len(data) < 16:
        return None
    magic, algo, crc = struct.unpack(">IIQ", data[-16:])
    if magic != FOOTER_MAGIC or algo != 0:
        return None
    return crc, zlib.crc32(data[:-8])


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def part_names(file_info):
    """FileInfo.partName: `__N` when one part, else `__N.part0` … `__N.part<k-1>`."""
    length = file_info["length"]
    part = file_info.get("part_size")
    if part is None:
        count = 1
    else:
        if part <= 0:
            raise FormatError(f"{file_info['name']}: part_size {part}")
        count = max(1, -(-length // part))
    if count == 1:
        return [(file_info["name"], length)]
    return [(f"{file_info['name']}.part{k}", min(part, length - k * part)) for k in range(count)]


META_HASH_LIMIT = 1024 * 1024


def check_file(shard_dir, fi, stats):
    """Reads one Lucene file from its blob(s); checks lengths, the footer CRC against the recorded
    checksum and meta_hash; returns the file's bytes."""
    where = f"{shard_dir}/{fi['name']} ({fi['physical_name']})"
    parts = part_names(fi)
    if len(parts) > 1:
        stats["multipart_files"] += 1
        stats["parts"] += len(parts)
    chunks = []
    for blob, want in parts:
        path = os.path.join(shard_dir, blob)
        if not os.path.exists(path):
            raise FormatError(f"{where}: blob {blob} missing")
        got = os.path.getsize(path)
        if got != want:
            raise FormatError(f"{where}: blob {blob} is {got} bytes, expected {want}")
        chunks.append(open(path, "rb").read())
    data = b"".join(chunks)
    footer = crc_footer_checksum(data)
    recorded = fi.get("checksum")
    if recorded is None:
        # 2.x recorded none for a commit it dated before Lucene 4.8 (an empty shard's segments_N);
        # the file may still end in a footer, and then its CRC must hold.
        stats["no_checksum"] += 1
        if footer is not None and footer[0] != footer[1]:
            raise FormatError(f"{where}: footer CRC {footer[0]:08x} != computed {footer[1]:08x}")
    else:
        if footer is None:
            raise FormatError(f"{where}: checksum {recorded} recorded but no Lucene footer")
        stored, computed = footer
        if base36(stored) != recorded:
            raise FormatError(f"{where}: footer CRC {base36(stored)} != recorded {recorded}")
        if stored != computed:
            raise FormatError(f"{where}: footer CRC {stored:08x} != computed {computed:08x}")
        stats["checksummed"] += 1
    if "meta_hash" in fi:
        # Store.MetadataSnapshot.hashFile: the first min(length, 1 MB) bytes of segments_N / .si
        stats["meta_hash"] += 1
        if fi["meta_hash"] != data[:META_HASH_LIMIT]:
            raise FormatError(f"{where}: meta_hash differs from the blob content")
    return data


SHARD_FILE_KEYS = {"name", "physical_name", "length", "checksum", "part_size", "written_by",
                   "meta_hash"}


def newest_generation(shard_dir):
    gens = [int(n[6:]) for n in os.listdir(shard_dir) if re.fullmatch(r"index-\d+", n)]
    return max(gens) if gens else None


def read_shard(repo, index_dir, shard, snap, stats, assemble_to):
    shard_dir = repo.blob("indices", index_dir, str(shard))
    snap_path = os.path.join(shard_dir, f"snap-{snap['uuid']}.dat")
    if not os.path.exists(snap_path):
        return None
    shard_snap = repo.read(snap_path, "snapshot")
    if shard_snap.get("name") != snap["name"]:
        raise FormatError(f"{snap_path}: snapshot name {shard_snap.get('name')!r}")
    files = shard_snap["files"]
    for fi in files:
        unknown = set(fi) - SHARD_FILE_KEYS
        if unknown:
            raise FormatError(f"{snap_path}: unknown FileInfo keys {sorted(unknown)}")
        if "part_size" in fi:
            stats["part_sizes"].add(fi["part_size"])
        if fi["name"].startswith("v__"):
            stats["virtual"] += 1
    # The shard's index-N (all snapshots' file lists): must agree with snap-*.dat blob for blob.
    gen = newest_generation(shard_dir)
    if gen is not None:
        listing = repo.read(os.path.join(shard_dir, f"index-{gen}"), "snapshots")
        by_name = {f["name"]: f for f in listing["files"]}
        names = listing["snapshots"].get(snap["name"], {}).get("files")
        if names is None:
            repo.problems.append(f"{shard_dir}/index-{gen} does not list snapshot {snap['name']}")
        elif names != [f["name"] for f in files]:
            repo.problems.append(f"{shard_dir}/index-{gen}: file list differs from snap-*.dat")
        for fi in files:
            if by_name.get(fi["name"]) != fi:
                repo.problems.append(f"{shard_dir}/index-{gen}: {fi['name']} differs")
        stats["shard_index_gens"].add(gen)
        others = {b for name, entry in listing["snapshots"].items() if name != snap["name"]
                  for b in entry["files"]}
        stats["shared_with_other_snapshots"] += sum(1 for fi in files if fi["name"] in others)
    seen = set()
    out_dir = None
    if assemble_to:
        out_dir = os.path.join(assemble_to, index_dir, str(shard))
        os.makedirs(out_dir, exist_ok=True)
    for fi in files:
        if fi["physical_name"] in seen:
            raise FormatError(f"{snap_path}: {fi['physical_name']} listed twice")
        seen.add(fi["physical_name"])
        data = check_file(shard_dir, fi, stats)
        stats["files"] += 1
        stats["bytes"] += len(data)
        if out_dir:
            with open(os.path.join(out_dir, fi["physical_name"]), "wb") as f:
                f.write(data)
    segments = [f["physical_name"] for f in files if f["physical_name"].startswith("segments_")]
    if len(segments) != 1:
        raise FormatError(f"{snap_path}: {len(segments)} segments_N files")
    on_disk = {n for n in os.listdir(shard_dir) if n.startswith("__")}
    stats["unreferenced_blobs"] += len(on_disk - {b for fi in files for b, _ in part_names(fi)})
    return {"snap": shard_snap, "dir": out_dir, "segments": segments[0]}


def index_settings(meta):
    settings = meta.get("settings", {})
    flat = {}

    def walk(prefix, node):
        for k, v in node.items():
            if isinstance(v, dict):
                walk(prefix + k + ".", v)
            else:
                flat[prefix + k] = v
    walk("", settings)
    return flat


def probe(repo_dir, wanted, shardlift, expected, assemble_to, log):
    repo = Repository(repo_dir)
    report = {"layout": repo.layout, "generation": repo.gen, "snapshots": []}
    infos = repo.infos()
    for snap, info in infos:
        report["snapshots"].append({
            "name": snap["name"], "uuid": info.get("uuid", snap["uuid"]), "state": info["state"],
            "repository_state": snap["state"], "version_id": info.get("version_id"),
            "start_time": info.get("start_time"), "end_time": info.get("end_time"),
            "indices": info.get("indices"), "total_shards": info.get("total_shards"),
            "successful_shards": info.get("successful_shards"), "failures": info.get("failures")})
    snap, info = repo.select(infos, wanted)
    log(f"{repo_dir}: layout {repo.layout}, generation {repo.gen}, "
        f"{len(repo.snapshots)} snapshot(s); reading {snap['name']} ({info['state']}, "
        f"version_id {info.get('version_id')})")
    global_meta = repo.read(repo.blob(f"meta-{snap['uuid']}.dat"), "metadata")["meta-data"]
    report["global"] = {"keys": list(global_meta), "templates": list(global_meta.get("templates", {})),
                        "persistent_settings": global_meta.get("settings", {})}
    stats = {"files": 0, "bytes": 0, "checksummed": 0, "no_checksum": 0, "meta_hash": 0,
             "multipart_files": 0, "parts": 0, "virtual": 0, "part_sizes": set(),
             "shard_index_gens": set(), "unreferenced_blobs": 0,
             "shared_with_other_snapshots": 0}
    failures = {(f["index"], f["shard_id"]) for f in info.get("failures", [])}
    shards = []
    missing = []
    indices_report = []
    for index in info["indices"]:
        index_dir = repo.index_dir(index)
        meta_blob = repo.read(repo.blob("indices", index_dir, f"meta-{snap['uuid']}.dat"),
                              "index-metadata")
        if list(meta_blob) != [index]:
            raise FormatError(f"index metadata of {index} holds {list(meta_blob)}")
        meta = meta_blob[index]
        settings = index_settings(meta)
        n_shards = int(settings["index.number_of_shards"])
        mappings = meta.get("mappings")
        indices_report.append({
            "name": index, "dir": index_dir, "state": meta.get("state"), "shards": n_shards,
            "uuid": settings.get("index.uuid"), "created": settings.get("index.version.created"),
            "mapping_form": sorted({type(m).__name__ for m in mappings}) if isinstance(mappings, list)
            else type(mappings).__name__,
            "types": [t for m in (mappings or []) for t in (m if isinstance(m, dict) else {})],
            "aliases": list(meta.get("aliases", {})), "meta_keys": list(meta)})
        types = [t for m in (mappings or []) for t in (m if isinstance(m, dict) else {})
                 if t != "_default_"]
        for shard in range(n_shards):
            got = read_shard(repo, index_dir, shard, snap, stats, assemble_to)
            if got is None:
                # A FAILED snapshot may hold no shard at all, even those it counts as successful
                # (seen: 5.6.16, reason "Indices don't have primary shards"); otherwise a missing
                # shard must be one of the recorded failures.
                if (index, shard) not in failures and info["state"] != "FAILED":
                    raise FormatError(f"{index}[{shard}]: no shard snapshot and no failure recorded")
                log(f"  {index}[{shard}]: missing ({info['state']}"
                    f"{', failure recorded' if (index, shard) in failures else ''})")
                missing.append(f"{index}[{shard}]")
                continue
            shards.append((index, shard, got, types))
    report["indices"] = indices_report
    report["missing_shards"] = missing
    report["reason"] = info.get("reason")
    report["stats"] = {k: sorted(v) if isinstance(v, set) else v for k, v in stats.items()}
    report["facts"] = {k: sorted(v) for k, v in repo.facts.items()}
    report["problems"] = repo.problems
    docs = {}
    if shardlift and assemble_to:
        for index, shard, got, types in shards:
            result = subprocess.run([shardlift, "lucene-dump", got["dir"]], capture_output=True)
            if result.returncode != 0:
                raise FormatError(f"lucene-dump {got['dir']}: {result.stderr.decode().strip()}")
            n = collect_docs(result.stdout.decode(), index, types, docs)
            log(f"  {index}[{shard}]: {len(got['snap']['files'])} files, "
                f"{got['segments']}, lucene-dump: {n} live docs")
    report["documents"] = len(docs)
    if expected:
        report["expected"] = compare_expected(expected, docs)
    return report


def collect_docs(dump, index, types, docs):
    """lucene-synth dump -> documents keyed (index, type, id): version from DV, source, routing.
    A stored `_uid` is type#id; a single-type index (5.5+) stores `_id` and has one type."""
    count = 0
    doc = None

    def flush(d):
        nonlocal count
        if d is None or not d["live"]:
            return
        if "_uid" in d:
            typ, _, ident = d["_uid"].partition("#")
        elif "_id" in d and len(types) == 1:
            typ, ident = types[0], d["_id"]
        else:
            return  # a nested doc
        docs[(index, typ, ident)] = d
        count += 1
    for line in dump.splitlines():
        parts = line.split(" ", 3)
        if parts[0] == "DOC":
            flush(doc)
            doc = {"live": parts[2] == "live=1"}
        elif parts[0] == "F" and doc is not None:
            field, kind, value = parts[1], parts[2], parts[3]
            raw = b"" if value == "-" else bytes.fromhex(value)
            if field in ("_uid", "_id", "_routing"):
                doc[field] = raw.decode("utf-8")
            elif field == "_source":
                doc["_source"] = raw
        elif parts[0] == "DV" and doc is not None and parts[1] == "_version":
            doc["version"] = int(parts[2])
        elif parts[0] == "SEG":
            flush(doc)
            doc = None
    flush(doc)
    return count


def compare_expected(path, docs):
    want = {}
    with gzip.open(path, "rt") as f:
        for line in f:
            e = json.loads(line, parse_float=decimal.Decimal)
            want[(e["index"], e["type"], e["id"])] = e
    missing = sorted(set(want) - set(docs))
    extra = sorted(set(docs) - set(want))
    differ = []
    for key in set(want) & set(docs):
        e, d = want[key], docs[key]
        source = json.loads(d["_source"].decode("utf-8"), parse_float=decimal.Decimal) \
            if "_source" in d else None
        same = (e["version"] == d.get("version") and e["routing"] == d.get("_routing")
                and json.dumps(e["source"], default=str) == json.dumps(source, default=str))
        if not same:
            differ.append(key)
    return {"expected": len(want), "missing": len(missing), "unexpected": len(extra),
            "different": len(differ), "examples": [list(k) for k in (missing + extra + differ)[:5]]}


# --------------------------------------------------------------------------------------------


def open_repo(path, work):
    if os.path.isdir(path):
        return path
    with zipfile.ZipFile(path) as z:
        z.extractall(work)
    root = os.path.join(work, "repo")
    if not os.path.isdir(root):
        raise FormatError(f"{path}: no repo/ inside")
    return root


def summarise(name, report):
    snaps = report["snapshots"]
    s = report["stats"]
    lines = [f"{name}: layout {report['layout']}, snapshots "
             + ", ".join(f"{x['name']}={x['state']}/v{x['version_id']}" for x in snaps)]
    for ix in report["indices"]:
        lines.append(f"  index {ix['name']} dir={ix['dir']} shards={ix['shards']} "
                     f"created={ix['created']} state={ix['state']} mappings={ix['mapping_form']} "
                     f"types={ix['types']} aliases={ix['aliases']}")
    lines.append(f"  global: templates={report['global']['templates']} keys={report['global']['keys']}")
    lines.append(f"  files={s['files']} bytes={s['bytes']} checksummed={s['checksummed']} "
                 f"no_checksum={s['no_checksum']} meta_hash={s['meta_hash']} "
                 f"multipart={s['multipart_files']}/{s['parts']} part_sizes={s['part_sizes']} "
                 f"v__={s['virtual']} shard_index_gens={s['shard_index_gens']} "
                 f"unreferenced_blobs={s['unreferenced_blobs']} "
                 f"shared_with_other_snapshots={s['shared_with_other_snapshots']}")
    lines.append(f"  compressed={report['facts']['compressed']} xcontent={report['facts']['xcontent']} "
                 f"documents={report['documents']} problems={report['problems']}")
    if report["missing_shards"]:
        lines.append(f"  missing shards: {report['missing_shards']} reason={report['reason']}")
    if "expected" in report:
        lines.append(f"  vs expected: {report['expected']}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("repo", nargs="?")
    ap.add_argument("--snapshot")
    ap.add_argument("--shardlift")
    ap.add_argument("--expected")
    ap.add_argument("--expected-dir", help="probe every snapshot; DIR/<snapshot>.ndjson.gz")
    ap.add_argument("--assemble", help="keep the rebuilt Lucene directories here")
    ap.add_argument("--shared", help="probe every fixtures/es-bwc-repo zip of this shared dir")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    jobs = []
    if args.shared:
        d = os.path.join(args.shared, "fixtures", "es-bwc-repo")
        for z in sorted(os.listdir(d)):
            if z.endswith(".zip"):
                jobs.append((os.path.join(d, z), os.path.join(d, z[:-4] + ".expected.ndjson.gz"),
                             args.snapshot))
    elif args.repo and args.expected_dir:
        # every snapshot of one repository, each against DIR/<snapshot>.ndjson.gz when there is one
        for snap in Repository(args.repo).snapshots:
            e = os.path.join(args.expected_dir, snap["name"] + ".ndjson.gz")
            jobs.append((args.repo, e if os.path.exists(e) else None, snap["name"]))
    elif args.repo:
        jobs.append((args.repo, args.expected, args.snapshot))
    else:
        ap.error("REPO or --shared")
    bad = 0
    log = (lambda m: print(m, file=sys.stderr))
    for path, expected, wanted in jobs:
        work = tempfile.mkdtemp(prefix="snapshot-probe.")
        try:
            root = open_repo(path, os.path.join(work, "unzipped"))
            assemble = args.assemble or os.path.join(work, "lucene")
            report = probe(root, wanted, args.shardlift, expected, assemble, log)
            name = os.path.basename(path) + (f"#{wanted}" if wanted else "")
            print(json.dumps(report, default=str, indent=1) if args.json else summarise(name, report))
            e = report.get("expected")
            if report["problems"] or (e and (e["missing"] or e["unexpected"] or e["different"])):
                bad += 1
        except FormatError as err:
            print(f"{path}: ERROR {err}")
            bad += 1
        finally:
            shutil.rmtree(work)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
