#include "snapshot/shard_directory.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "io/data_input.h"
#include "lucene/codec_header.h"

namespace shardlift::snapshot {

namespace {

// Store.MetadataSnapshot.hashFile: meta_hash holds at most this many of the file's first bytes.
constexpr uint64_t kMetaHashLimit = uint64_t{1} << 20;

std::string Hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "%08x", value);
  return text;
}

}  // namespace

ShardDirectory::ShardDirectory(std::string shard_dir, ShardSnapshot snapshot,
                               std::string scratch_dir)
    : shard_dir_(std::move(shard_dir)),
      snapshot_(std::move(snapshot)),
      scratch_dir_(std::move(scratch_dir)) {
  for (size_t i = 0; i < snapshot_.files.size(); ++i) {
    by_name_.emplace(snapshot_.files[i].physical_name, i);
  }
}

Result<std::vector<std::string>> ShardDirectory::List() const {
  std::vector<std::string> names;
  names.reserve(by_name_.size());
  for (const auto& [name, index] : by_name_) names.push_back(name);
  return names;
}

const FileInfo* ShardDirectory::Find(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &snapshot_.files[it->second];
}

std::string ShardDirectory::Describe(std::string_view name) const {
  const FileInfo* file = Find(name);
  if (file == nullptr) return shard_dir_ + "/" + std::string(name);
  const std::string blob = shard_dir_ + "/" + file->blob;
  const uint64_t parts = file->PartCount();
  return (parts == 1 ? blob : blob + ".part0-" + std::to_string(parts - 1)) + " (" +
         file->physical_name + ")";
}

uint64_t ShardDirectory::total_bytes() const {
  uint64_t total = 0;
  for (const FileInfo& file : snapshot_.files) total += file.length;
  return total;
}

Result<io::FileSlice> ShardDirectory::Open(std::string_view name) const {
  const FileInfo* file = Find(name);
  if (file == nullptr) {
    return Status::NotFound(shard_dir_ + ": " + std::string(name) +
                            " is not in the file list of snapshot " + snapshot_.name);
  }
  Result<std::shared_ptr<const io::MappedFile>> mapped = Map(*file);
  if (!mapped.ok()) {
    return mapped.status().WithContext(file->physical_name + " of snapshot " + snapshot_.name);
  }
  return io::FileSlice(std::move(mapped).value()).Sub(0, file->length, file->physical_name);
}

Result<std::shared_ptr<const io::MappedFile>> ShardDirectory::Map(const FileInfo& file) const {
  const size_t index = static_cast<size_t>(&file - snapshot_.files.data());
  std::lock_guard lock(mutex_);
  if (std::shared_ptr<const io::MappedFile> open = mapped_[index].lock()) return open;
  std::shared_ptr<const io::MappedFile> mapped;
  const std::string blob = shard_dir_ + "/" + file.blob;
  if (file.PartCount() == 1) {
    SL_ASSIGN_OR_RETURN(mapped, io::MappedFile::Open(blob));
    if (mapped->size() != file.length) {
      return Status::Corruption(blob + ": " + std::to_string(mapped->size()) +
                                " bytes, but the snapshot's file list says " +
                                std::to_string(file.length));
    }
  } else {
    SL_ASSIGN_OR_RETURN(
        mapped,
        io::MappedFile::OpenSplit(io::SplitFile{blob, file.length, *file.part_size}, scratch_dir_));
  }
  SL_ASSIGN_OR_RETURN(const io::FileSlice slice,
                      io::FileSlice(mapped).Sub(0, file.length, file.physical_name));
  SL_RETURN_IF_ERROR(Check(file, slice));
  mapped_[index] = mapped;
  return mapped;
}

Status ShardDirectory::Check(const FileInfo& file, const io::FileSlice& slice) const {
  if (file.checksum) {
    // Store.checksumFromLuceneFile: the CRC the file's own footer holds.
    if (slice.size() < lucene::kFooterLength) {
      return slice.CorruptionAt(0, "checksum " + Hex32(*file.checksum) +
                                       " recorded, but the file is too short for a footer");
    }
    const uint64_t at = slice.size() - lucene::kFooterLength;
    SL_ASSIGN_OR_RETURN(const io::FileSlice footer, slice.Sub(at, lucene::kFooterLength, ""));
    io::DataInput in(footer);
    const uint32_t magic = static_cast<uint32_t>(in.ReadInt());
    const int32_t algorithm = in.ReadInt();
    const uint64_t stored = static_cast<uint64_t>(in.ReadLong());
    if (magic != lucene::kFooterMagic || algorithm != 0) {
      return slice.CorruptionAt(at, "checksum " + Hex32(*file.checksum) +
                                        " recorded, but the file ends in no Lucene footer");
    }
    if (stored != *file.checksum) {
      return slice.CorruptionAt(at + 8, "footer checksum " + Hex32(static_cast<uint32_t>(stored)) +
                                            (stored > 0xFFFFFFFF ? " (beyond 32 bits)" : "") +
                                            ", but the snapshot's file list records " +
                                            Hex32(*file.checksum));
    }
  }
  if (!file.meta_hash.empty()) {
    const uint64_t prefix = std::min(file.length, kMetaHashLimit);
    if (file.meta_hash.size() != prefix ||
        std::memcmp(file.meta_hash.data(), slice.bytes().data(), prefix) != 0) {
      return slice.CorruptionAt(0, "differs from the meta_hash the snapshot's file list records");
    }
  }
  return Status();
}

std::string DefaultScratchDir() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

}  // namespace shardlift::snapshot
