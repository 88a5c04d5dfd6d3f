#include "client/dead_letter_list.h"

#include <fstream>

#include "json/json.h"

namespace shardlift::client {

std::string DeadLetterList::Key(std::string_view index, std::string_view type,
                                std::string_view id) {
  std::string key(index);
  key += '\0';
  key += type;
  key += '\0';
  key += id;
  return key;
}

Result<DeadLetterList> DeadLetterList::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open the dead-letter file " + path);
  DeadLetterList list;
  int64_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) continue;
    const std::string where = path + " line " + std::to_string(number);
    SL_ASSIGN_OR_RETURN(const Json letter, ParseJson(line, where));
    const Json* index = Member(letter, "index");
    const Json* type = Member(letter, "type");
    const Json* id = Member(letter, "id");
    if (index == nullptr || !index->is_string() || type == nullptr || !type->is_string() ||
        id == nullptr || !id->is_string()) {
      return Status::Corruption(where + ": not a dead letter (no index, type and id)");
    }
    list.reasons_[Key(index->get<std::string>(), type->get<std::string>(),
                      id->get<std::string>())] = StringOr(Member(letter, "reason"), "unknown");
  }
  if (in.bad()) return Status::IoError("cannot read the dead-letter file " + path);
  return list;
}

std::optional<std::string_view> DeadLetterList::Reason(std::string_view index,
                                                       std::string_view type,
                                                       std::string_view id) const {
  auto it = reasons_.find(Key(index, type, id));
  if (it == reasons_.end()) return std::nullopt;
  return it->second;
}

}  // namespace shardlift::client
