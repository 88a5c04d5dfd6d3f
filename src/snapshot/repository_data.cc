#include "snapshot/repository_data.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "io/data_input.h"
#include "io/directory.h"
#include "snapshot/object_fields.h"
#include "xcontent/converter.h"

namespace shardlift::snapshot {

namespace {

constexpr std::string_view kIndexGenerationPrefix = "index-";  // 5.x: index-<N>
constexpr std::string_view kLatestFile = "index.latest";       // 5.x: int64 N
constexpr std::string_view kLegacyIndexFile = "index";         // 2.x: the snapshot names
constexpr std::string_view kSnapshotPrefix = "snap-";
constexpr std::string_view kBlobSuffix = ".dat";

// N of "index-<N>", or nullopt.
std::optional<int64_t> IndexGeneration(std::string_view name) {
  if (!name.starts_with(kIndexGenerationPrefix)) return std::nullopt;
  name.remove_prefix(kIndexGenerationPrefix.size());
  int64_t generation = -1;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), generation);
  if (name.empty() || error != std::errc() || end != name.data() + name.size() || generation < 0) {
    return std::nullopt;
  }
  return generation;
}

Result<SnapshotEntry> ParseSnapshotEntry(const nlohmann::ordered_json& value,
                                         const io::FileSlice& where, size_t i) {
  if (value.is_string()) {  // written by 2.x, kept by a 5.x that never rewrote it
    return SnapshotEntry{value.get<std::string>(), value.get<std::string>(), std::nullopt};
  }
  SL_ASSIGN_OR_RETURN(const ObjectFields fields,
                      ObjectFields::Of(value, where, "snapshots[" + std::to_string(i) + "]"));
  SnapshotEntry entry;
  SL_ASSIGN_OR_RETURN(entry.name, fields.String("name"));
  SL_ASSIGN_OR_RETURN(entry.uuid, fields.String("uuid"));
  SL_ASSIGN_OR_RETURN(const std::optional<int64_t> state, fields.OptionalLong("state"));
  if (state) {
    entry.state = SnapshotStateOfByte(*state);
    if (!entry.state) return fields.Malformed("unknown state " + std::to_string(*state));
  }
  return entry;
}

// Blob keys must be plain names: they become file names in the repository.
bool IsPlainName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\0", 2)) == std::string_view::npos;
}

}  // namespace

std::optional<std::string> RepositoryData::IndexDir(std::string_view name) const {
  if (layout == Layout::kEs2) return std::string(name);
  for (const IndexEntry& index : indices) {
    if (index.name == name) return index.id;
  }
  return std::nullopt;
}

Result<RepositoryData> ParseRepositoryData(const io::FileSlice& file, Layout layout) {
  Result<nlohmann::ordered_json> dom = xcontent::ToDom(file.bytes());
  if (!dom.ok()) return dom.status().WithContext(file.Describe(0));
  SL_ASSIGN_OR_RETURN(const ObjectFields root, ObjectFields::Of(*dom, file, "repository data"));
  RepositoryData data;
  data.layout = layout;
  data.file = file.path();
  std::set<std::string> names;
  std::set<std::string> uuids;
  if (const nlohmann::ordered_json* snapshots = root.Find("snapshots")) {
    if (!snapshots->is_array()) return root.Malformed("\"snapshots\" is not a list");
    for (size_t i = 0; i < snapshots->size(); ++i) {
      SL_ASSIGN_OR_RETURN(SnapshotEntry entry, ParseSnapshotEntry((*snapshots)[i], file, i));
      if (layout == Layout::kEs2 && !(*snapshots)[i].is_string()) {
        return root.Malformed("snapshots[" + std::to_string(i) + "] is not a name");
      }
      if (!IsPlainName(entry.uuid)) {
        return root.Malformed("snapshot key \"" + entry.uuid + "\" is no plain name");
      }
      if (!names.insert(entry.name).second || !uuids.insert(entry.uuid).second) {
        return root.Malformed("snapshot " + entry.name + " is listed twice");
      }
      data.snapshots.push_back(std::move(entry));
    }
  }
  if (layout == Layout::kEs5) {
    if (const nlohmann::ordered_json* indices = root.Find("indices")) {
      if (!indices->is_object()) return root.Malformed("\"indices\" is not an object");
      for (const auto& [name, value] : indices->items()) {
        SL_ASSIGN_OR_RETURN(const ObjectFields index,
                            ObjectFields::Of(value, file, "indices." + name));
        SL_ASSIGN_OR_RETURN(std::string id, index.String("id"));
        if (!IsPlainName(id)) return index.Malformed("index id \"" + id + "\" is no plain name");
        data.indices.push_back({name, std::move(id)});
      }
    }
  }
  return data;
}

Result<RepositoryData> ReadRepositoryData(const std::string& dir) {
  SL_ASSIGN_OR_RETURN(const std::vector<io::DirectoryEntry> entries, io::ListDirectory(dir));
  int64_t generation = -1;
  bool legacy = false;
  std::vector<std::string> listed_snapshots;  // snap-<name>.dat, for the 2.x cross-check
  bool has_latest = false;
  for (const io::DirectoryEntry& entry : entries) {
    if (const std::optional<int64_t> n = IndexGeneration(entry.name)) {
      generation = std::max(generation, *n);
    } else if (entry.name == kLegacyIndexFile) {
      legacy = true;
    } else if (entry.name == kLatestFile) {
      has_latest = true;
    } else if (entry.name.starts_with(kSnapshotPrefix) && entry.name.ends_with(kBlobSuffix)) {
      listed_snapshots.push_back(entry.name.substr(
          kSnapshotPrefix.size(), entry.name.size() - kSnapshotPrefix.size() - kBlobSuffix.size()));
    }
  }
  if (generation >= 0) {
    // The highest index-N is current (ES lists blobs; index.latest is for stores that cannot).
    const std::string path =
        dir + "/" + std::string(kIndexGenerationPrefix) + std::to_string(generation);
    SL_ASSIGN_OR_RETURN(const io::FileSlice file, io::FileSlice::Open(path));
    SL_ASSIGN_OR_RETURN(RepositoryData data, ParseRepositoryData(file, Layout::kEs5));
    data.generation = generation;
    if (has_latest) {
      Result<io::FileSlice> latest = io::FileSlice::Open(dir + "/" + std::string(kLatestFile));
      if (!latest.ok()) {
        data.warnings.push_back(latest.status().ToString());
      } else {
        io::DataInput in(*latest);
        const int64_t said = in.ReadLong();
        if (!in.ok() || latest->size() != 8) {
          data.warnings.push_back(latest->path() + ": not an 8-byte generation");
        } else if (said != generation) {
          data.warnings.push_back(latest->path() + " says generation " + std::to_string(said) +
                                  ", the newest is " + path);
        }
      }
    }
    return data;
  }
  if (!legacy) {
    return Status::NotFound(dir +
                            ": neither index-N nor index: not a snapshot repository of "
                            "Elasticsearch 2.0–5.6 (or an empty one)");
  }
  SL_ASSIGN_OR_RETURN(const io::FileSlice file,
                      io::FileSlice::Open(dir + "/" + std::string(kLegacyIndexFile)));
  SL_ASSIGN_OR_RETURN(RepositoryData data, ParseRepositoryData(file, Layout::kEs2));
  // ES 2.x itself lists snap-*.dat; ES 5 (which restores 2.x repositories) reads `index`. Both
  // agree unless a write was torn: say so.
  std::vector<std::string> named;
  for (const SnapshotEntry& entry : data.snapshots) named.push_back(entry.name);
  std::sort(named.begin(), named.end());
  std::sort(listed_snapshots.begin(), listed_snapshots.end());
  if (named != listed_snapshots) {
    data.warnings.push_back(data.file + " lists " + std::to_string(named.size()) +
                            " snapshot(s), the repository holds " +
                            std::to_string(listed_snapshots.size()) + " snap-*.dat");
  }
  return data;
}

}  // namespace shardlift::snapshot
