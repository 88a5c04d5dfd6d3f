#include "io/file_slice.h"

namespace shardlift::io {

FileSlice::FileSlice(std::shared_ptr<const MappedFile> file)
    : file_(std::move(file)), bytes_(file_->bytes()) {}

Result<FileSlice> FileSlice::Open(const std::string& path) {
  SL_ASSIGN_OR_RETURN(auto file, MappedFile::Open(path));
  return FileSlice(std::move(file));
}

FileSlice FileSlice::FromBytes(std::string name, std::vector<uint8_t> bytes) {
  return FileSlice(MappedFile::FromBytes(std::move(name), std::move(bytes)));
}

Result<FileSlice> FileSlice::Sub(uint64_t offset, uint64_t length, std::string_view name) const {
  if (offset > size() || length > size() - offset) {
    return CorruptionAt(offset, "sub-file " + std::string(name) + " of " + std::to_string(length) +
                                    " bytes runs past the end (" + std::to_string(size()) +
                                    " bytes)");
  }
  return FileSlice(file_, bytes_.subspan(offset, length), base_ + offset, std::string(name));
}

std::string FileSlice::Describe(uint64_t relative_offset) const {
  std::string out = file_->Locate(base_ + relative_offset);
  if (!name_.empty()) out += " (" + name_ + " +" + std::to_string(relative_offset) + ")";
  return out;
}

Status FileSlice::CorruptionAt(uint64_t relative_offset, std::string_view what) const {
  return Status::Corruption(Describe(relative_offset) + ": " + std::string(what));
}

}  // namespace shardlift::io
