// libFuzzer target: a snapshot repository's checksummed blob (framing, CRC, XContent body, DFL)
// into the parser of its kind. The first byte picks whether the input is a whole blob or a
// header+body that gets a valid footer appended (so the fuzzer reaches the body parsers past the
// CRC), and which kind of blob it is: root snapshot info, shard file list, global or index
// metadata.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "es5/metadata.h"
#include "fuzz/lucene_fuzz_support.h"
#include "snapshot/blob_format.h"
#include "snapshot/shard_snapshot.h"
#include "snapshot/snapshot_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  if (size == 0) return 0;
  std::vector<uint8_t> bytes(data + 1, data + size);
  if (data[0] & 1) fuzz::AppendCodecFooter(bytes);
  const int kind = (data[0] >> 1) & 3;
  constexpr std::string_view kCodecs[] = {snapshot::kSnapshotCodec, snapshot::kSnapshotCodec,
                                          snapshot::kGlobalMetadataCodec,
                                          snapshot::kIndexMetadataCodec};
  const io::FileSlice file = io::FileSlice::FromBytes("snap-x.dat", std::move(bytes));
  Result<snapshot::Blob> blob = snapshot::ReadBlob(file, kCodecs[kind]);
  if (!blob.ok()) return 0;
  switch (kind) {
    case 0:
      (void)snapshot::ParseSnapshotInfo(blob->dom, blob->body);
      break;
    case 1:
      if (Result<snapshot::ShardSnapshot> files =
              snapshot::ParseShardSnapshot(blob->dom, blob->body);
          files.ok()) {
        for (const snapshot::FileInfo& info : files->files) (void)info.PartCount();
      }
      break;
    case 2:
      (void)es5::ParseGlobalMetadata(blob->dom, blob->body);
      break;
    default:
      (void)es5::ParseIndexMetadata(blob->dom, blob->body);
      break;
  }
  return 0;
}
