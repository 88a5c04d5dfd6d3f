// ContainerStack: which containers (object or array) enclose the parser's position.
//
// A fixed bit stack bounded by kMaxDepth, so parsers never recurse and never allocate for
// nesting, whatever the input.
#pragma once

#include <bitset>

#include "xcontent/parse_error.h"

namespace shardlift::xcontent {

class ContainerStack {
 public:
  // False (and no change) when the stack is already kMaxDepth deep.
  bool Push(bool is_object) {
    if (depth_ == kMaxDepth) return false;
    is_object_[depth_++] = is_object;
    return true;
  }
  void Pop() { --depth_; }
  void Clear() { depth_ = 0; }
  int depth() const { return depth_; }
  bool empty() const { return depth_ == 0; }
  bool InObject() const { return depth_ > 0 && is_object_[depth_ - 1]; }
  bool InArray() const { return depth_ > 0 && !is_object_[depth_ - 1]; }

 private:
  std::bitset<kMaxDepth> is_object_;
  int depth_ = 0;
};

}  // namespace shardlift::xcontent
