#include "es5/es_version.h"

#include <charconv>

namespace shardlift::es5 {

namespace {

// The build number AA of an id (org.elasticsearch.Version): 99 is the release; from 5.0 on,
// 0–24 are alpha<AA>, 25–49 beta<AA−25>, 50–98 rc<AA−50>; before 5.0 there were no alphas, and
// 0–49 are beta<AA> (2.0.0-beta1 is 2000001), 50–98 rc<AA−50>.
constexpr int kFirstAlphaMajor = 5;
constexpr int kFirstBeta5 = 25;
constexpr int kFirstRc = 50;
constexpr int kRelease = 99;
constexpr int64_t kMaxId = 99 * 1000000 + 99 * 10000 + 99 * 100 + kRelease;
// ES 5's minimumIndexCompatibilityVersion: 2.0.0-beta1; 1.x-created indices need a reindex.
constexpr int64_t kOldestReadable = 2000001;

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
  const bool has_alphas = major() >= kFirstAlphaMajor;
  // 1.x and older wrote "1.0.0.Beta1" and "1.0.0.RC1" (Version.toString()).
  const bool old_style = major() < 2;
  int number = 0;
  if (has_alphas && build < kFirstBeta5) {
    out.append("-alpha");
    number = build;
  } else if (build < kFirstRc) {
    out.append(old_style ? ".Beta" : "-beta");
    number = has_alphas ? build - kFirstBeta5 : build;
  } else if (build < kRelease) {
    out.append(old_style ? ".RC" : "-rc");
    number = build - kFirstRc;
  } else {
    return out;
  }
  out.append(std::to_string(number));
  return out;
}

Status EsVersion::CheckReadable(std::string_view where) const {
  // There never were 3.x or 4.x releases: such an id is as foreign as a 6.x one.
  if ((major() == 2 && id_ >= kOldestReadable) || major() == 5) return Status();
  return Status::Unsupported(std::string(where) + ": created by Elasticsearch " + ToString() +
                             " (id " + std::to_string(id_) +
                             "), which shardlift does not read: it reads indices created by "
                             "2.0.0-beta1 up to 5.x, as ES 5 does");
}

}  // namespace shardlift::es5
