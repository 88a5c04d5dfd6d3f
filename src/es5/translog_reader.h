// TranslogReader: the operations of one translog generation (`translog-<G>.tlog`), up to the
// offset its checkpoint says was fsynced.
//
// File: Lucene codec header "translog" v2, int32 length + UTF-8 translog UUID (which must match the
// Lucene commit's `translog_uuid`), then ops: int32 size, size−4 bytes of op, int32 CRC-32 of those
// bytes. No footer. Bytes past the checkpoint offset are not part of the translog.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "es5/translog_checkpoint.h"
#include "es5/translog_op.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

class TranslogReader {
 public:
  // `checkpoint` bounds the file; `expected_uuid` is the commit's translog_uuid. When
  // `current_generation` is set a torn last op ends the file with a warning instead of an error
  // (the checkpoint of the generation being written can run ahead of what reached the disk): the
  // op the checkpoint counts last, reaching its offset or cut short by the end of the file.
  // Damage anywhere else is an error naming the file and offset.
  static Result<TranslogReader> Open(io::FileSlice tlog, const Checkpoint& checkpoint,
                                     std::string_view expected_uuid, bool current_generation);

  // Decodes the next op into `*op` (its strings are reused). Returns false at the end.
  Result<bool> Next(TranslogOp* op);

  int64_t generation() const { return checkpoint_.generation; }
  const std::string& path() const { return tlog_.path(); }
  // Ops read so far.
  int64_t ops_read() const { return ops_read_; }
  // Set when a torn last op was dropped: what was wrong with it (file and offset included).
  const std::string& torn_tail() const { return torn_tail_; }

 private:
  TranslogReader(io::FileSlice tlog, const Checkpoint& checkpoint, uint64_t first_op,
                 bool current_generation)
      : tlog_(std::move(tlog)),
        checkpoint_(checkpoint),
        position_(first_op),
        current_generation_(current_generation) {}

  // Decodes the op in `bytes` (type byte … body, without size and CRC) found at `offset`.
  Status DecodeOp(ByteView bytes, uint64_t offset, TranslogOp* op) const;
  // Handles a damaged op whose framing says it ends at `op_end`: dropped with a warning if it is
  // the torn tail of the current generation, else the error.
  Result<bool> Damaged(uint64_t op_end, const Status& error);

  io::FileSlice tlog_;
  Checkpoint checkpoint_;
  uint64_t position_;
  bool current_generation_;
  int64_t ops_read_ = 0;
  std::string torn_tail_;
};

}  // namespace shardlift::es5
