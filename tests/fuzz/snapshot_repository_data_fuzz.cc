// libFuzzer target: a repository's `index-N` (5.x) or `index` (2.x) JSON into RepositoryData.
// The first byte picks the layout.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "snapshot/repository_data.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  if (size == 0) return 0;
  const snapshot::Layout layout = (data[0] & 1) ? snapshot::Layout::kEs2 : snapshot::Layout::kEs5;
  const io::FileSlice file =
      io::FileSlice::FromBytes("index-0", std::vector<uint8_t>(data + 1, data + size));
  if (Result<snapshot::RepositoryData> parsed = snapshot::ParseRepositoryData(file, layout);
      parsed.ok()) {
    for (const snapshot::SnapshotEntry& entry : parsed->snapshots)
      (void)parsed->IndexDir(entry.name);
  }
  return 0;
}
