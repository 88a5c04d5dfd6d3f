#include "snapshot/shard_snapshot.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "lucene/file_names.h"
#include "snapshot/object_fields.h"

namespace shardlift::snapshot {

namespace {

constexpr std::string_view kDataBlobPrefix = "__";      // BlobStoreRepository.DATA_BLOB_PREFIX
constexpr std::string_view kVirtualBlobPrefix = "v__";  // ES 7: contents in meta_hash

constexpr std::string_view kFileInfoFields[] = {
    "name", "physical_name", "length", "checksum", "part_size", "written_by", "meta_hash"};

// ES's Strings.validFileName, and what a file in one directory must be.
bool IsPlainFileName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

Result<FileInfo> ParseFileInfo(const nlohmann::ordered_json& value, const io::FileSlice& where,
                               size_t i) {
  SL_ASSIGN_OR_RETURN(const ObjectFields fields,
                      ObjectFields::Of(value, where, "files[" + std::to_string(i) + "]"));
  for (const auto& [key, member] : value.items()) {
    if (std::find(std::begin(kFileInfoFields), std::end(kFileInfoFields), key) ==
        std::end(kFileInfoFields)) {
      return fields.Malformed("unknown field \"" + key + "\"");
    }
  }
  FileInfo file;
  SL_ASSIGN_OR_RETURN(file.blob, fields.String("name"));
  SL_ASSIGN_OR_RETURN(file.physical_name, fields.String("physical_name"));
  if (file.blob.starts_with(kVirtualBlobPrefix)) {
    return Status::Unsupported(where.Describe(0) + ": files[" + std::to_string(i) +
                               "]: " + file.physical_name + " is a virtual blob (" + file.blob +
                               "), which only Elasticsearch 7 writes");
  }
  const std::string_view generation = std::string_view(file.blob).substr(
      file.blob.starts_with(kDataBlobPrefix) ? kDataBlobPrefix.size() : 0);
  if (!file.blob.starts_with(kDataBlobPrefix) || !lucene::ParseBase36(generation) ||
      generation.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos) {
    return fields.Malformed("\"" + file.blob + "\" is no data blob name (__<base 36>)");
  }
  if (!IsPlainFileName(file.physical_name)) {
    return fields.Malformed("\"" + file.physical_name + "\" is no file name");
  }
  SL_ASSIGN_OR_RETURN(const int64_t length, fields.Long("length"));
  if (length < 0) return fields.Malformed("length " + std::to_string(length));
  file.length = static_cast<uint64_t>(length);
  SL_ASSIGN_OR_RETURN(const std::optional<std::string> checksum, fields.OptionalString("checksum"));
  if (checksum) {
    // Long.toString(crc, 36) of the footer's CRC-32.
    const std::optional<int64_t> crc = lucene::ParseBase36(*checksum);
    if (!crc || *crc > int64_t{0xFFFFFFFF}) {
      return fields.Malformed("checksum \"" + *checksum + "\" is no CRC-32 in base 36");
    }
    file.checksum = static_cast<uint32_t>(*crc);
  }
  SL_ASSIGN_OR_RETURN(const std::optional<int64_t> part_size, fields.OptionalLong("part_size"));
  if (part_size) {
    if (*part_size <= 0) return fields.Malformed("part_size " + std::to_string(*part_size));
    file.part_size = static_cast<uint64_t>(*part_size);
  }
  SL_ASSIGN_OR_RETURN(const std::optional<std::string> written_by,
                      fields.OptionalString("written_by"));
  file.written_by = written_by.value_or("");
  if (const nlohmann::ordered_json* hash = fields.Find("meta_hash")) {
    if (!hash->is_binary()) return fields.Malformed("meta_hash is no binary");
    file.meta_hash.assign(hash->get_binary().begin(), hash->get_binary().end());
  }
  return file;
}

}  // namespace

uint64_t FileInfo::PartCount() const {
  if (!part_size) return 1;
  return io::SplitFile{"", length, *part_size}.parts();
}

Result<ShardSnapshot> ParseShardSnapshot(const nlohmann::ordered_json& dom,
                                         const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const ObjectFields fields, ObjectFields::Of(dom, where, "shard snapshot"));
  ShardSnapshot snapshot;
  SL_ASSIGN_OR_RETURN(snapshot.name, fields.String("name"));
  SL_ASSIGN_OR_RETURN(const std::optional<int64_t> version, fields.OptionalLong("index_version"));
  snapshot.index_version = version.value_or(-1);
  const nlohmann::ordered_json* files = fields.Find("files");
  if (files == nullptr || !files->is_array()) return fields.Malformed("no \"files\" list");
  std::set<std::string_view> blobs;
  std::set<std::string_view> names;
  size_t commits = 0;
  snapshot.files.reserve(files->size());
  for (size_t i = 0; i < files->size(); ++i) {
    SL_ASSIGN_OR_RETURN(FileInfo file, ParseFileInfo((*files)[i], where, i));
    if (lucene::CommitGeneration(file.physical_name)) ++commits;
    snapshot.files.push_back(std::move(file));
  }
  for (const FileInfo& file : snapshot.files) {
    if (!names.insert(file.physical_name).second) {
      return fields.Malformed(file.physical_name + " is listed twice");
    }
    if (!blobs.insert(file.blob).second) {
      return fields.Malformed("blob " + file.blob + " holds two files");
    }
  }
  if (commits != 1) {
    return fields.Malformed(std::to_string(commits) +
                            " segments_N files: a shard snapshot holds one commit");
  }
  return snapshot;
}

}  // namespace shardlift::snapshot
