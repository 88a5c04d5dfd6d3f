#include "translate/id_collisions.h"

namespace shardlift::translate {

uint64_t IdCollisions::Hash(std::string_view text) {
  // FNV-1a, 64 bit: stable across runs and platforms (std::hash is not).
  uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

void IdCollisions::Add(std::string_view type, std::string_view id) {
  const uint64_t id_hash = Hash(id);
  const uint64_t type_hash = Hash(type);
  auto [it, inserted] = first_type_.emplace(id_hash, type_hash);
  if (!inserted && it->second != type_hash) colliding_.insert(id_hash);
}

bool IdCollisions::Collides(std::string_view id) const {
  return !colliding_.empty() && colliding_.contains(Hash(id));
}

std::string PrefixedId(std::string_view type, std::string_view id) {
  std::string out(type);
  out += '#';
  out += id;
  return out;
}

}  // namespace shardlift::translate
