#include "snapshot/repository.h"

#include <algorithm>

#include "es5/es_version.h"
#include "io/directory.h"
#include "snapshot/blob_format.h"
#include "snapshot/shard_snapshot.h"

namespace shardlift::snapshot {

namespace {

constexpr std::string_view kIndicesDir = "indices";

std::string SnapBlob(const std::string& dir, const SnapshotInfo& snapshot) {
  return dir + "/snap-" + snapshot.uuid + ".dat";
}

std::string MetaBlob(const std::string& dir, const SnapshotInfo& snapshot) {
  return dir + "/meta-" + snapshot.uuid + ".dat";
}

std::string VersionText(int64_t id) {
  if (id == 0) return "?";
  Result<es5::EsVersion> version = es5::EsVersion::FromId(id);
  return version.ok() ? version->ToString() : std::to_string(id);
}

}  // namespace

Result<Repository> Repository::Open(std::string dir) {
  SL_ASSIGN_OR_RETURN(RepositoryData data, ReadRepositoryData(dir));
  return Repository(std::move(dir), std::move(data));
}

Result<SnapshotInfo> Repository::ReadInfo(const SnapshotEntry& entry) const {
  const std::string path = dir_ + "/snap-" + entry.uuid + ".dat";
  SL_ASSIGN_OR_RETURN(const Blob blob, OpenBlob(path, kSnapshotCodec));
  SL_ASSIGN_OR_RETURN(SnapshotInfo info, ParseSnapshotInfo(blob.dom, blob.body));
  if (info.name != entry.name || (!info.uuid.empty() && info.uuid != entry.uuid)) {
    return blob.body.CorruptionAt(0, "snapshot " + info.name + " (" + info.uuid + "), but " +
                                         data_.file + " lists " + entry.name + " (" + entry.uuid +
                                         ") here");
  }
  info.uuid = entry.uuid;
  return info;
}

Result<std::vector<SnapshotInfo>> Repository::ReadInfos() const {
  std::vector<SnapshotInfo> infos;
  for (const SnapshotEntry& entry : data_.snapshots) {
    SL_ASSIGN_OR_RETURN(SnapshotInfo info, ReadInfo(entry));
    infos.push_back(std::move(info));
  }
  return infos;
}

Result<SnapshotInfo> Repository::Select(std::string_view selector) const {
  const auto named = std::find_if(data_.snapshots.begin(), data_.snapshots.end(),
                                  [&](const SnapshotEntry& e) { return e.name == selector; });
  if (!selector.empty() && selector != kLatest && named != data_.snapshots.end()) {
    return ReadInfo(*named);
  }
  if (data_.snapshots.empty()) return Status::NotFound(dir_ + ": the repository holds no snapshot");
  if (selector.empty() && data_.snapshots.size() == 1) return ReadInfo(data_.snapshots.front());
  SL_ASSIGN_OR_RETURN(const std::vector<SnapshotInfo> infos, ReadInfos());
  const std::string listing = ":\n" + DescribeSnapshots(infos);
  if (selector == kLatest) {
    if (named != data_.snapshots.end()) {
      return Status::InvalidArgument(dir_ +
                                     ": a snapshot is named \"latest\": #latest is "
                                     "ambiguous here; rename it in Elasticsearch" +
                                     listing);
    }
    const SnapshotInfo* newest = nullptr;
    for (const SnapshotInfo& info : infos) {
      if (!info.complete()) continue;
      if (newest == nullptr || std::pair(info.start_time_ms, info.end_time_ms) >
                                   std::pair(newest->start_time_ms, newest->end_time_ms)) {
        newest = &info;
      }
    }
    if (newest == nullptr) return Status::NotFound(dir_ + ": no SUCCESS snapshot" + listing);
    return *newest;
  }
  if (selector.empty()) {
    return Status::InvalidArgument(
        dir_ + " holds " + std::to_string(infos.size()) +
        " snapshots; name one (snapshot:<repo-dir>#<snapshot>, or #latest for the newest "
        "SUCCESS one)" +
        listing);
  }
  return Status::NotFound(dir_ + ": no snapshot named \"" + std::string(selector) + "\"" + listing);
}

Result<std::optional<std::pair<es5::GlobalMetadata, std::string>>> Repository::ReadGlobal(
    const SnapshotInfo& snapshot) const {
  using Global = std::optional<std::pair<es5::GlobalMetadata, std::string>>;
  const std::string path = MetaBlob(dir_, snapshot);
  SL_ASSIGN_OR_RETURN(const io::FileKind kind, io::KindOf(path));
  if (kind == io::FileKind::kMissing) return Global();
  SL_ASSIGN_OR_RETURN(const Blob blob, OpenBlob(path, kGlobalMetadataCodec));
  SL_ASSIGN_OR_RETURN(es5::GlobalMetadata global, es5::ParseGlobalMetadata(blob.dom, blob.body));
  return Global(std::pair(std::move(global), path));
}

Result<IndexSnapshot> Repository::ReadIndex(const SnapshotInfo& snapshot, const std::string& name,
                                            const std::string& scratch_dir) const {
  const std::optional<std::string> id = data_.IndexDir(name);
  if (!id) {
    return Status::Corruption(data_.file + ": snapshot " + snapshot.name + " holds index " + name +
                              ", which the repository data does not list");
  }
  const std::string index_dir = dir_ + "/" + std::string(kIndicesDir) + "/" + *id;
  IndexSnapshot index;
  index.meta_file = MetaBlob(index_dir, snapshot);
  SL_ASSIGN_OR_RETURN(const Blob meta, OpenBlob(index.meta_file, kIndexMetadataCodec));
  SL_ASSIGN_OR_RETURN(index.meta, es5::ParseIndexMetadata(meta.dom, meta.body));
  if (index.meta.name != name) {
    return meta.body.CorruptionAt(0, "metadata of index " + index.meta.name + ", but snapshot " +
                                         snapshot.name + " keeps index " + name + " here");
  }
  for (int shard = 0; shard < index.meta.number_of_shards; ++shard) {
    ShardEntry entry;
    entry.shard_id = shard;
    entry.dir = index_dir + "/" + std::to_string(shard);
    const std::string path = SnapBlob(entry.dir, snapshot);
    SL_ASSIGN_OR_RETURN(const io::FileKind kind, io::KindOf(path));
    if (kind != io::FileKind::kMissing) {
      SL_ASSIGN_OR_RETURN(const Blob blob, OpenBlob(path, kSnapshotCodec));
      SL_ASSIGN_OR_RETURN(ShardSnapshot files, ParseShardSnapshot(blob.dom, blob.body));
      if (files.name != snapshot.name) {
        return blob.body.CorruptionAt(
            0, "the files of snapshot " + files.name + ", not of " + snapshot.name);
      }
      entry.directory =
          std::make_shared<const ShardDirectory>(entry.dir, std::move(files), scratch_dir);
    }
    index.shards.push_back(std::move(entry));
  }
  return index;
}

std::string DescribeSnapshot(const SnapshotInfo& snapshot) {
  std::string indices;
  for (const std::string& index : snapshot.indices) {
    indices += (indices.empty() ? "" : ",") + index;
  }
  return snapshot.name + "  uuid " + snapshot.uuid + "  " + std::string(ToString(snapshot.state)) +
         "  " + FormatTimestamp(snapshot.start_time_ms) + " → " +
         FormatTimestamp(snapshot.end_time_ms) + "  indices " + (indices.empty() ? "-" : indices) +
         "  ES " + VersionText(snapshot.version_id);
}

std::string DescribeSnapshots(const std::vector<SnapshotInfo>& snapshots) {
  std::string out;
  for (const SnapshotInfo& snapshot : snapshots) {
    out += (out.empty() ? "  " : "\n  ") + DescribeSnapshot(snapshot);
  }
  return out;
}

}  // namespace shardlift::snapshot
