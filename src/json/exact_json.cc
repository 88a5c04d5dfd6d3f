#include "json/exact_json.h"

#include <algorithm>
#include <unordered_map>

#include "xcontent/handler.h"
#include "xcontent/json_parser.h"
#include "xcontent/json_writer.h"
#include "xcontent/number_text.h"

namespace shardlift {

// Builds an ExactJson from parser events; numbers only ever arrive as RawNumber from JSON text,
// the binary-format events are there for completeness.
class ExactJsonBuilder final : public xcontent::Handler {
 public:
  ExactJson Take() { return std::move(root_); }

  Status StartObject() override { return Open(ExactJson::Kind::kObject); }
  Status Key(std::string_view name) override {
    open_.back()->keys_.emplace_back(name);
    return Status();
  }
  Status EndObject() override { return Close(); }
  Status StartArray() override { return Open(ExactJson::Kind::kArray); }
  Status EndArray() override { return Close(); }
  Status String(std::string_view value) override {
    Add(ExactJson::Kind::kString).text_ = value;
    return Status();
  }
  Status Int(int32_t value) override { return Integer(std::to_string(value)); }
  Status Long(int64_t value) override { return Integer(std::to_string(value)); }
  Status BigInteger(std::string_view decimal) override { return Integer(decimal); }
  Status Float(float value) override {
    std::string text;
    xcontent::AppendJavaFloat(value, text);
    return Decimal(text);
  }
  Status Double(double value) override {
    std::string text;
    xcontent::AppendJavaDouble(value, text);
    return Decimal(text);
  }
  Status BigDecimal(std::string_view text) override { return Decimal(text); }
  Status RawNumber(std::string_view text, xcontent::NumberKind kind) override {
    const bool integral = kind == xcontent::NumberKind::kInt ||
                          kind == xcontent::NumberKind::kLong ||
                          kind == xcontent::NumberKind::kBigInteger;
    return integral ? Integer(text) : Decimal(text);
  }
  Status Bool(bool value) override {
    Add(ExactJson::Kind::kBool).boolean_ = value;
    return Status();
  }
  Status Null() override {
    Add(ExactJson::Kind::kNull);
    return Status();
  }
  Status Binary(ByteView) override { return Status::Unsupported("binary value in JSON text"); }

 private:
  ExactJson& Add(ExactJson::Kind kind) {
    ExactJson* value = open_.empty() ? &root_ : &open_.back()->items_.emplace_back();
    value->kind_ = kind;
    return *value;
  }
  Status Open(ExactJson::Kind kind) {
    open_.push_back(&Add(kind));
    return Status();
  }
  Status Close() {
    open_.pop_back();
    return Status();
  }
  Status Integer(std::string_view text) {
    Add(ExactJson::Kind::kInteger).text_ = text;
    return Status();
  }
  Status Decimal(std::string_view text) {
    Add(ExactJson::Kind::kDecimal).text_ = text;
    return Status();
  }

  ExactJson root_;
  // The containers being filled, innermost last. Pointers stay valid: a container only grows
  // while it is innermost, and its enclosing containers do not grow meanwhile.
  std::vector<ExactJson*> open_;
};

namespace {

constexpr size_t kShownValueBytes = 120;

// A decimal's exact value as "<sign><significant digits>e<exponent>" ("-0" and "0" for zeros), so
// 1.50, 1.5 and 15e-1 compare equal.
std::string CanonicalDecimal(std::string_view text) {
  std::string sign;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (text[0] == '-') sign = "-";
    text.remove_prefix(1);
  }
  std::string digits;
  int64_t exponent = 0;
  bool fraction = false;
  size_t at = 0;
  for (; at < text.size() && text[at] != 'e' && text[at] != 'E'; ++at) {
    if (text[at] == '.') {
      fraction = true;
    } else {
      digits += text[at];
      if (fraction) --exponent;
    }
  }
  if (at < text.size()) {
    std::string_view written = text.substr(at + 1);
    const bool negative = !written.empty() && written[0] == '-';
    if (!written.empty() && (written[0] == '-' || written[0] == '+')) written.remove_prefix(1);
    int64_t value = 0;
    // Saturates: such exponents make no real document, they only have to stay distinct.
    for (const char c : written) value = std::min<int64_t>(value * 10 + (c - '0'), 1LL << 40);
    exponent += negative ? -value : value;
  }
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return sign + "0";
  digits.erase(0, first);
  while (digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  return sign + digits + "e" + std::to_string(exponent);
}

bool SameNumber(const ExactJson& a, const ExactJson& b) {
  if (a.text() == b.text()) return true;
  if (a.kind() == ExactJson::Kind::kInteger) {
    // JSON integers have no leading zeros; only "-0" and "0" are one value written two ways.
    return (a.text() == "-0" || a.text() == "0") && (b.text() == "-0" || b.text() == "0");
  }
  return CanonicalDecimal(a.text()) == CanonicalDecimal(b.text());
}

// Index of each member of `object` by name (the first of repeated names).
std::unordered_map<std::string_view, size_t> MemberIndex(const ExactJson& object) {
  std::unordered_map<std::string_view, size_t> index;
  for (size_t i = 0; i < object.keys().size(); ++i) index.emplace(object.keys()[i], i);
  return index;
}

void AppendPointerToken(std::string_view token, std::string& path) {
  path += '/';
  for (const char c : token) {
    if (c == '~') {
      path += "~0";
    } else if (c == '/') {
      path += "~1";
    } else {
      path += c;
    }
  }
}

std::string Shown(const ExactJson& value) {
  std::string text = value.ToJson();
  if (text.size() > kShownValueBytes) {
    text.resize(kShownValueBytes);
    text += "…";
  }
  return text;
}

class Differ {
 public:
  Differ(size_t limit, std::vector<std::string>& out) : limit_(limit), out_(out) {}

  void Diff(const ExactJson& expected, const ExactJson& found, std::string& path) {
    if (full()) return;
    if (expected.kind() != found.kind() ||
        (expected.kind() != ExactJson::Kind::kObject &&
         expected.kind() != ExactJson::Kind::kArray && !SameJson(expected, found))) {
      Line(path, "expected " + Shown(expected) + ", found " + Shown(found));
      return;
    }
    const size_t mark = path.size();
    if (expected.kind() == ExactJson::Kind::kArray) {
      const auto& want = expected.items();
      const auto& have = found.items();
      for (size_t i = 0; i < std::max(want.size(), have.size()); ++i) {
        AppendPointerToken(std::to_string(i), path);
        if (i >= have.size()) {
          Line(path, "missing in the target (expected " + Shown(want[i]) + ")");
        } else if (i >= want.size()) {
          Line(path, "not expected, found " + Shown(have[i]));
        } else {
          Diff(want[i], have[i], path);
        }
        path.resize(mark);
      }
    } else if (expected.kind() == ExactJson::Kind::kObject) {
      const auto have = MemberIndex(found);
      const auto want = MemberIndex(expected);
      for (size_t i = 0; i < expected.keys().size(); ++i) {
        AppendPointerToken(expected.keys()[i], path);
        if (auto it = have.find(expected.keys()[i]); it == have.end()) {
          Line(path, "missing in the target (expected " + Shown(expected.items()[i]) + ")");
        } else {
          Diff(expected.items()[i], found.items()[it->second], path);
        }
        path.resize(mark);
      }
      for (size_t i = 0; i < found.keys().size(); ++i) {
        if (want.contains(found.keys()[i])) continue;
        AppendPointerToken(found.keys()[i], path);
        Line(path, "not expected, found " + Shown(found.items()[i]));
        path.resize(mark);
      }
    }
  }

 private:
  bool full() const { return out_.size() > limit_; }
  void Line(const std::string& path, const std::string& what) {
    if (full()) return;
    out_.push_back(out_.size() == limit_ ? "…" : (path.empty() ? "(root)" : path) + ": " + what);
  }

  size_t limit_;
  std::vector<std::string>& out_;
};

}  // namespace

Result<ExactJson> ExactJson::Parse(std::string_view text) {
  ExactJsonBuilder builder;
  xcontent::JsonParser parser;
  SL_RETURN_IF_ERROR(
      parser.Parse(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()), builder));
  return builder.Take();
}

const ExactJson* ExactJson::Find(std::string_view key) const {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return &items_[i];
  }
  return nullptr;
}

void ExactJson::AppendJson(std::string& out) const {
  switch (kind_) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += boolean_ ? "true" : "false";
      return;
    case Kind::kInteger:
    case Kind::kDecimal:
      out += text_;
      return;
    case Kind::kString:
      xcontent::AppendJsonString(text_, out);
      return;
    case Kind::kArray:
    case Kind::kObject:
      break;
  }
  const bool object = kind_ == Kind::kObject;
  out += object ? '{' : '[';
  for (size_t i = 0; i < items_.size(); ++i) {
    if (i > 0) out += ',';
    if (object) {
      xcontent::AppendJsonString(keys_[i], out);
      out += ':';
    }
    items_[i].AppendJson(out);
  }
  out += object ? '}' : ']';
}

std::string ExactJson::ToJson() const {
  std::string out;
  AppendJson(out);
  return out;
}

bool SameJson(const ExactJson& a, const ExactJson& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ExactJson::Kind::kNull:
      return true;
    case ExactJson::Kind::kBool:
      return a.boolean() == b.boolean();
    case ExactJson::Kind::kInteger:
    case ExactJson::Kind::kDecimal:
      return SameNumber(a, b);
    case ExactJson::Kind::kString:
      return a.text() == b.text();
    case ExactJson::Kind::kArray:
      return std::equal(a.items().begin(), a.items().end(), b.items().begin(), b.items().end(),
                        SameJson);
    case ExactJson::Kind::kObject:
      break;
  }
  if (a.keys().size() != b.keys().size()) return false;
  if (a.keys() == b.keys()) {
    return std::equal(a.items().begin(), a.items().end(), b.items().begin(), SameJson);
  }
  const auto index = MemberIndex(b);
  for (size_t i = 0; i < a.keys().size(); ++i) {
    auto it = index.find(a.keys()[i]);
    if (it == index.end() || !SameJson(a.items()[i], b.items()[it->second])) return false;
  }
  return true;
}

std::vector<std::string> DiffJson(const ExactJson& expected, const ExactJson& found, size_t limit) {
  std::vector<std::string> out;
  std::string path;
  Differ(limit, out).Diff(expected, found, path);
  return out;
}

}  // namespace shardlift
