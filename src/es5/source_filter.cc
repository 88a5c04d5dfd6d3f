#include "es5/source_filter.h"

#include <algorithm>
#include <cstdlib>

#include "base/wildcard.h"
#include "xcontent/converter.h"
#include "xcontent/json_writer.h"

namespace shardlift::es5 {

struct SourceFilter::Node {
  enum class Type : uint8_t {
    kObject,
    kArray,
    kString,
    kInt,
    kLong,
    kBigInteger,
    kFloat,
    kDouble,
    kBigDecimal,
    kRawNumber,
    kBool,
    kNull,
    kBinary
  };
  Type type = Type::kNull;
  std::string text;  // string, big number text, raw number text, binary bytes
  int64_t integer = 0;
  double real = 0;  // kFloat (as double) / kDouble
  xcontent::NumberKind number_kind = xcontent::NumberKind::kInt;
  struct Member;  // a pair<string, Node> would need Node complete here
  std::vector<Member> members;
  std::vector<Node> items;

  bool empty() const { return members.empty() && items.empty(); }
};

struct SourceFilter::Node::Member {
  std::string key;
  Node value;
};

namespace {

using Node = SourceFilter::Node;

// Builds a Node tree from parser events.
class TreeBuilder final : public xcontent::Handler {
 public:
  Node Take() { return std::move(root_); }

  Status StartObject() override { return Open(Node::Type::kObject); }
  Status StartArray() override { return Open(Node::Type::kArray); }
  Status EndObject() override { return Close(); }
  Status EndArray() override { return Close(); }
  Status Key(std::string_view name) override {
    key_.assign(name);
    return Status();
  }
  Status String(std::string_view value) override { return Text(Node::Type::kString, value); }
  Status Int(int32_t value) override { return Integer(Node::Type::kInt, value); }
  Status Long(int64_t value) override { return Integer(Node::Type::kLong, value); }
  Status BigInteger(std::string_view decimal) override {
    return Text(Node::Type::kBigInteger, decimal);
  }
  Status Float(float value) override { return Real(Node::Type::kFloat, value); }
  Status Double(double value) override { return Real(Node::Type::kDouble, value); }
  Status BigDecimal(std::string_view text) override { return Text(Node::Type::kBigDecimal, text); }
  Status RawNumber(std::string_view text, xcontent::NumberKind kind) override {
    Node node;
    node.type = Node::Type::kRawNumber;
    node.text.assign(text);
    node.number_kind = kind;
    return Add(std::move(node));
  }
  Status Bool(bool value) override { return Integer(Node::Type::kBool, value ? 1 : 0); }
  Status Null() override { return Add(Node()); }
  Status Binary(ByteView bytes) override {
    return Text(Node::Type::kBinary, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  }

 private:
  Status Open(Node::Type type) {
    Node node;
    node.type = type;
    Node* placed = Place(std::move(node));
    open_.push_back(placed);
    return Status();
  }
  Status Close() {
    open_.pop_back();
    return Status();
  }
  Status Text(Node::Type type, std::string_view text) {
    Node node;
    node.type = type;
    node.text.assign(text);
    return Add(std::move(node));
  }
  Status Integer(Node::Type type, int64_t value) {
    Node node;
    node.type = type;
    node.integer = value;
    return Add(std::move(node));
  }
  Status Real(Node::Type type, double value) {
    Node node;
    node.type = type;
    node.real = value;
    return Add(std::move(node));
  }
  Status Add(Node node) {
    Place(std::move(node));
    return Status();
  }
  Node* Place(Node node) {
    if (open_.empty()) {
      root_ = std::move(node);
      return &root_;
    }
    Node& parent = *open_.back();
    if (parent.type == Node::Type::kObject) {
      parent.members.push_back({key_, std::move(node)});
      return &parent.members.back().value;
    }
    parent.items.push_back(std::move(node));
    return &parent.items.back();
  }

  Node root_;
  std::vector<Node*> open_;  // pointers stay valid: a container only grows while it is the last
  std::string key_;
};

bool AnyMatch(const std::vector<std::string>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return WildcardMatch(p, path); });
}
bool AnyCanMatch(const std::vector<std::string>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return WildcardCanMatch(p, path); });
}

// java.lang.String.hashCode over the UTF-16 units of a UTF-8 key.
int32_t JavaHashCode(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<uint8_t>(utf8[i]);
    uint32_t cp;
    size_t len;
    if (b < 0x80) {
      cp = b, len = 1;
    } else if (b < 0xE0) {
      cp = b & 0x1F, len = 2;
    } else if (b < 0xF0) {
      cp = b & 0x0F, len = 3;
    } else {
      cp = b & 0x07, len = 4;
    }
    for (size_t k = 1; k < len && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<uint8_t>(utf8[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
  }
  return static_cast<int32_t>(h);
}

// Replays a tree as events, numbers written the way Jackson writes the Java objects ES parsed
// them into. ES 5.6 reads a number as XContentParser.numberValue(), i.e. Jackson 2.8.6's
// getNumberValue(): a JSON number with a fraction is a Double; a 32-bit float is a Float in CBOR
// but a Double in SMILE (SmileParser keeps it widened: 0.1f comes back as 0.10000000149011612),
// so `smile` widens floats. ES 5.6's XContentBuilder has no writer for BigInteger or BigDecimal
// and falls back to Objects.toString: those become strings.
Status Emit(const Node& node, bool smile, xcontent::Handler& out) {
  switch (node.type) {
    case Node::Type::kObject:
      SL_RETURN_IF_ERROR(out.StartObject());
      for (const auto& [key, member] : node.members) {
        SL_RETURN_IF_ERROR(out.Key(key));
        SL_RETURN_IF_ERROR(Emit(member, smile, out));
      }
      return out.EndObject();
    case Node::Type::kArray:
      SL_RETURN_IF_ERROR(out.StartArray());
      for (const Node& item : node.items) SL_RETURN_IF_ERROR(Emit(item, smile, out));
      return out.EndArray();
    case Node::Type::kString:
      return out.String(node.text);
    case Node::Type::kInt:
    case Node::Type::kLong:
      return out.Long(node.integer);
    case Node::Type::kBigInteger:
      return out.String(node.text);
    case Node::Type::kFloat:
      return smile ? out.Double(node.real) : out.Float(static_cast<float>(node.real));
    case Node::Type::kDouble:
      return out.Double(node.real);
    case Node::Type::kBigDecimal:
      return out.String(node.text);
    case Node::Type::kRawNumber:
      if (node.number_kind == xcontent::NumberKind::kDouble ||
          node.number_kind == xcontent::NumberKind::kFloat) {
        return out.Double(std::strtod(node.text.c_str(), nullptr));
      }
      if (node.number_kind == xcontent::NumberKind::kBigInteger ||
          node.number_kind == xcontent::NumberKind::kBigDecimal) {
        return out.String(node.text);
      }
      return out.RawNumber(node.text, node.number_kind);
    case Node::Type::kBool:
      return out.Bool(node.integer != 0);
    case Node::Type::kBinary:
      return out.Binary({reinterpret_cast<const uint8_t*>(node.text.data()), node.text.size()});
    case Node::Type::kNull:
      break;
  }
  return out.Null();
}

// Reorders an object's members the way a java.util.HashMap filled in their current order
// iterates them.
void ToJavaHashMapOrder(Node& object) {
  size_t table = 16;  // HashMap's default capacity, doubled while size > 0.75 × capacity
  while (object.members.size() > table * 3 / 4) table *= 2;
  auto bucket = [&](const std::string& key) {
    const auto h = static_cast<uint32_t>(JavaHashCode(key));
    return (h ^ (h >> 16)) & (table - 1);
  };
  // Within a bucket, insertion order survives (resizes split lists preserving it).
  std::stable_sort(object.members.begin(), object.members.end(),
                   [&](const auto& a, const auto& b) { return bucket(a.key) < bucket(b.key); });
}

}  // namespace

Node SourceFilter::Filter(const Node& object, const std::string& prefix, bool include_all) const {
  Node filtered;
  filtered.type = Node::Type::kObject;
  for (const auto& [key, value] : object.members) {
    const std::string path = prefix + key;
    const bool include_accepts = include_all || includes_.empty() || AnyMatch(includes_, path);
    if (!include_accepts && !AnyCanMatch(includes_, path)) continue;
    if (AnyMatch(excludes_, path)) continue;
    const bool exclude_may_go_deeper = AnyCanMatch(excludes_, path + ".");
    if (include_accepts && !exclude_may_go_deeper) {
      // Kept whole: ES puts the value as parsed (ordered, a LinkedHashMap), so no reordering.
      filtered.members.push_back({key, value});
      continue;
    }
    if (value.type == Node::Type::kObject) {
      if (!include_accepts && !AnyCanMatch(includes_, path + ".")) continue;
      Node inner = Filter(value, path + ".", include_accepts);
      if (include_accepts || !inner.empty()) filtered.members.push_back({key, std::move(inner)});
    } else if (value.type == Node::Type::kArray) {
      Node inner = FilterList(value, path, include_accepts);
      if (!inner.empty()) filtered.members.push_back({key, std::move(inner)});
    } else if (include_accepts) {
      filtered.members.push_back({key, value});
    }
  }
  ToJavaHashMapOrder(filtered);
  return filtered;
}

Node SourceFilter::FilterList(const Node& list, const std::string& path, bool include_all) const {
  Node filtered;
  filtered.type = Node::Type::kArray;
  for (const Node& item : list.items) {
    if (item.type == Node::Type::kObject) {
      Node inner = Filter(item, path + ".", include_all);
      if (!inner.empty()) filtered.items.push_back(std::move(inner));
    } else if (item.type == Node::Type::kArray) {
      Node inner = FilterList(item, path, include_all);
      if (!inner.empty()) filtered.items.push_back(std::move(inner));
    } else if (include_all || includes_.empty() || AnyMatch(includes_, path)) {
      filtered.items.push_back(item);
    }
  }
  return filtered;
}

Status SourceFilter::FilterToJson(ByteView source, std::string& out) const {
  xcontent::Converter converter;
  TreeBuilder tree;
  SL_RETURN_IF_ERROR(converter.Parse(source, tree));
  const Node root = tree.Take();
  if (root.type != Node::Type::kObject) return Status::Corruption("_source is not an object");
  const Node filtered = Filter(root, "", false);
  out.clear();
  xcontent::JsonWriter writer(&out);
  return Emit(filtered, converter.last_type() == xcontent::XContentType::kSmile, writer);
}

}  // namespace shardlift::es5
