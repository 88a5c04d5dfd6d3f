#include "es5/es_version.h"

#include <charconv>

namespace shardlift::es5 {

namespace {

constexpr int kFirstBeta = 25;
constexpr int kFirstRc = 50;
constexpr int kRelease = 99;
constexpr int64_t kMaxId = 99 * 1000000 + 99 * 10000 + 99 * 100 + kRelease;
constexpr int64_t kOldestReadable = 2000025;  // 2.0.0-beta1

}  // namespace

Result<EsVersion> EsVersion::FromId(int64_t id) {
  if (id <= 0 || id > kMaxId) {
    return Status::Corruption("not an Elasticsearch version id: " + std::to_string(id));
  }
  return EsVersion(id);
}

Result<EsVersion> EsVersion::FromIdString(std::string_view id) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size()) {
    return Status::Corruption("not an Elasticsearch version id: \"" + std::string(id) + "\"");
  }
  return FromId(value);
}

std::string EsVersion::ToString() const {
  std::string out =
      std::to_string(major()) + "." + std::to_string(minor()) + "." + std::to_string(revision());
  const int build = static_cast<int>(id_ % 100);
  if (build < kFirstBeta) {
    out += "-alpha" + std::to_string(build);
  } else if (build < kFirstRc) {
    out += "-beta" + std::to_string(build - kFirstBeta);
  } else if (build < kRelease) {
    out += "-rc" + std::to_string(build - kFirstRc);
  }
  return out;
}

Status EsVersion::CheckReadable(std::string_view where) const {
  // There never were 3.x or 4.x releases: such an id is as foreign as a 6.x one.
  if ((major() == 2 && id_ >= kOldestReadable) || major() == 5) return Status();
  return Status::Unsupported(std::string(where) + ": created by Elasticsearch " + ToString() +
                             " (id " + std::to_string(id_) +
                             "); shardlift reads indices created by 2.0.0-beta1 up to 5.x");
}

}  // namespace shardlift::es5
