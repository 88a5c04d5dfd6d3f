// Ids that occur under more than one type of the same ES 5 index. In the single-index form
// (--multi-type field, parent/child) only those ids get a `<type>#` prefix, so every other id
// stays as it was. Filled by a pass over the index's ids before its documents are written;
// keeps 8-byte hashes, not the ids (a hash clash only prefixes an id that did not need it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace shardlift::translate {

class IdCollisions {
 public:
  void Add(std::string_view type, std::string_view id);
  bool Collides(std::string_view id) const;
  size_t colliding() const { return colliding_.size(); }

 private:
  static uint64_t Hash(std::string_view text);

  std::unordered_map<uint64_t, uint64_t> first_type_;  // id hash → hash of the first type seen
  std::unordered_set<uint64_t> colliding_;
};

// The id a document gets in the single-index form when its id collides: "<type>#<id>".
std::string PrefixedId(std::string_view type, std::string_view id);

}  // namespace shardlift::translate
