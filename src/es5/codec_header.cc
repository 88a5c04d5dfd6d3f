#include "es5/codec_header.h"

#include <string>

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

}  // namespace shardlift::es5
