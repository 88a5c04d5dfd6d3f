#include "es5/translog_checkpoint.h"

#include "io/data_input.h"
#include "lucene/codec_header.h"

namespace shardlift::es5 {

namespace {

constexpr std::string_view kCodecName = "ckp";
constexpr int32_t kVersion = 1;

}  // namespace

Result<Checkpoint> ReadCheckpoint(const io::FileSlice& file) {
  Checkpoint checkpoint;
  checkpoint.legacy = file.size() == Checkpoint::kLegacySize;
  if (!checkpoint.legacy && file.size() != Checkpoint::kSize) {
    return file.CorruptionAt(0, "checkpoint of " + std::to_string(file.size()) +
                                    " bytes; expected 48 (ES 5.x) or 20 (ES 2.x)");
  }
  io::DataInput in(file);
  if (!checkpoint.legacy) {
    SL_RETURN_IF_ERROR(lucene::CheckFooter(file, /*verify_checksum=*/true));
    lucene::ReadCodecHeader(in, kCodecName, kVersion, kVersion);
    SL_RETURN_IF_ERROR(in.status());
  }
  const uint64_t offset_at = in.position();
  checkpoint.offset = in.ReadLong();
  checkpoint.num_ops = in.ReadInt();
  checkpoint.generation = in.ReadLong();
  if (!in.ok()) return in.status();
  if (checkpoint.offset < 0 || checkpoint.num_ops < 0 || checkpoint.generation < 0) {
    return file.CorruptionAt(offset_at, "negative offset, op count or generation");
  }
  return checkpoint;
}

}  // namespace shardlift::es5
