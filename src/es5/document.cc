#include "es5/document.h"

namespace shardlift::es5 {

std::string Document::Describe() const {
  std::string out(file);
  out += origin == Origin::kCommit ? ": doc " : ": offset ";
  out += std::to_string(position);
  out += " (";
  out.append(type).append("#").append(id);
  out += ")";
  return out;
}

}  // namespace shardlift::es5
