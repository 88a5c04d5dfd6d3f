#include "es5/codec_header.h"

#include <string>

#include "io/crc32.h"

namespace shardlift::es5 {

Status CheckCodecHeader(io::DataInput& in, std::string_view codec, int32_t min_version,
                        int32_t max_version, int32_t* version) {
  const uint64_t start = in.position();
  if (static_cast<uint32_t>(in.ReadInt()) != kCodecMagic) {
    if (in.ok())
      in.FailAt(start, std::string("bad codec header magic (not a \"").append(codec) + "\" file)");
    return in.status();
  }
  const std::string_view name = in.ReadString();
  if (in.ok() && name != codec) {
    in.FailAt(start + 4,
              std::string("codec \"").append(name) + "\", expected \"" + std::string(codec) + "\"");
  }
  const uint64_t version_at = in.position();
  const int32_t found = in.ReadInt();
  if (in.ok() && (found < min_version || found > max_version)) {
    in.FailAt(version_at, std::string("\"").append(codec) + "\" format version " +
                              std::to_string(found) + ", this reader knows " +
                              std::to_string(min_version) + "–" + std::to_string(max_version));
  }
  if (version != nullptr) *version = found;
  return in.status();
}

Status CheckCodecFooter(const io::FileSlice& file) {
  if (file.size() < kFooterLength) {
    return file.CorruptionAt(
        0, "truncated: " + std::to_string(file.size()) + " bytes cannot hold the 16-byte footer");
  }
  const uint64_t footer_at = file.size() - kFooterLength;
  io::DataInput in(file);
  in.Seek(footer_at);
  const auto magic = static_cast<uint32_t>(in.ReadInt());
  const int32_t algorithm = in.ReadInt();
  const auto stored_crc = static_cast<uint64_t>(in.ReadLong());
  if (!in.ok()) return in.status();
  if (magic != kFooterMagic) {
    return file.CorruptionAt(footer_at, "bad footer magic (truncated or overwritten file)");
  }
  if (algorithm != 0) {
    return file.CorruptionAt(footer_at + 4,
                             "unknown checksum algorithm " + std::to_string(algorithm));
  }
  const uint32_t actual_crc = io::Crc32(file.bytes().first(file.size() - 8));
  if (stored_crc != actual_crc) {
    return file.CorruptionAt(footer_at + 8, "checksum mismatch: stored " +
                                                std::to_string(stored_crc) + ", computed " +
                                                std::to_string(actual_crc));
  }
  return Status();
}

}  // namespace shardlift::es5
