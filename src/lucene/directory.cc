#include "lucene/directory.h"

#include "io/directory.h"

namespace shardlift::lucene {

Result<std::vector<std::string>> FsDirectory::List() const {
  SL_ASSIGN_OR_RETURN(const std::vector<io::DirectoryEntry> entries, io::ListDirectory(path_));
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const io::DirectoryEntry& entry : entries) names.push_back(entry.name);
  return names;
}

Result<io::FileSlice> FsDirectory::Open(std::string_view name) const {
  return io::FileSlice::Open(Describe(name));
}

std::string FsDirectory::Describe(std::string_view name) const {
  return path_ + "/" + std::string(name);
}

}  // namespace shardlift::lucene
