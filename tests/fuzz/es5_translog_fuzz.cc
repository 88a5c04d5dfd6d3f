// libFuzzer target: translog checkpoints and operations. The input is a .tlog body (ops after a
// valid header); its first byte says whether it is the current generation (torn tails allowed)
// and the next 48 bytes double as a checkpoint file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "es5/translog_checkpoint.h"
#include "es5/translog_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  if (size == 0) return 0;
  const bool current = data[0] & 1;
  const std::vector<uint8_t> head(data + 1, data + std::min<size_t>(size, 49));
  (void)es5::ReadCheckpoint(io::FileSlice::FromBytes("translog.ckp", head));
  (void)es5::ReadCheckpoint(io::FileSlice::FromBytes(
      "translog-1.ckp",
      std::vector<uint8_t>(head.begin(), head.begin() + std::min<size_t>(head.size(), 20))));

  constexpr std::string_view kUuid = "fuzzfuzzfuzzfuzzfuzzfu";
  std::vector<uint8_t> tlog = {0x3F, 0xD7, 0x6C, 0x17, 8, 't', 'r', 'a', 'n', 's', 'l',
                               'o',  'g',  0,    0,    0, 2,   0,   0,   0,   22};
  tlog.insert(tlog.end(), kUuid.begin(), kUuid.end());
  tlog.insert(tlog.end(), data + 1, data + size);
  es5::Checkpoint checkpoint;
  checkpoint.offset = static_cast<int64_t>(tlog.size());
  checkpoint.num_ops = static_cast<int32_t>(size / 16);
  checkpoint.generation = 1;
  Result<es5::TranslogReader> reader = es5::TranslogReader::Open(
      io::FileSlice::FromBytes("translog-1.tlog", std::move(tlog)), checkpoint, kUuid, current);
  if (!reader.ok()) return 0;
  es5::TranslogOp op;
  for (int i = 0; i < 100000; ++i) {
    Result<bool> more = reader->Next(&op);
    if (!more.ok() || !*more) break;
  }
  // Only the last op the checkpoint counts may be dropped as a torn tail.
  if (!reader->torn_tail().empty() && reader->ops_read() + 1 != checkpoint.num_ops) std::abort();
  return 0;
}
