// EsVersion: an Elasticsearch version id as ES stores it (index.version.created, ...).
//
// id = major·1 000 000 + minor·10 000 + revision·100 + build (org.elasticsearch.Version). Build
// 99 is the release and 50–98 rc<build−50>; from 5.0 on 0–24 is alpha<build> and 25–49
// beta<build−25>, while 2.x (which had no alphas) numbers its betas from 1: beta<build>.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace shardlift::es5 {

class EsVersion {
 public:
  // Decodes an id; fails for ids that are no version at all (negative, bad build number).
  static Result<EsVersion> FromId(int64_t id);
  // Decodes the decimal string form of an id, as index settings hold it ("5060099").
  static Result<EsVersion> FromIdString(std::string_view id);

  int64_t id() const { return id_; }
  int major() const { return static_cast<int>(id_ / 1000000); }
  int minor() const { return static_cast<int>(id_ / 10000 % 100); }
  int revision() const { return static_cast<int>(id_ / 100 % 100); }

  // "5.6.0", "5.0.0-alpha1", "5.0.0-beta1", "5.0.0-rc1", "2.0.0-beta1" (2000001).
  std::string ToString() const;

  // Indices shardlift reads: created by 2.0.0-beta1 … 5.x (ES 5 itself refuses 1.x-created ones;
  // 6.x+ layouts are out of scope). Fails with an unsupported status naming `where` otherwise.
  Status CheckReadable(std::string_view where) const;

  friend auto operator<=>(EsVersion, EsVersion) = default;

 private:
  explicit EsVersion(int64_t id) : id_(id) {}
  int64_t id_;
};

}  // namespace shardlift::es5
