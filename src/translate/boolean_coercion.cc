#include "translate/boolean_coercion.h"

#include <algorithm>

#include "translate/legacy_boolean.h"

namespace shardlift::translate {

// Forwards every event to the writer, replacing legacy boolean scalars at boolean paths.
class BooleanCoercion::Filter final : public xcontent::Handler {
 public:
  Filter(const std::set<std::string, std::less<>>& paths, xcontent::Handler& out)
      : paths_(paths), out_(out) {}

  int rewritten() const { return rewritten_; }

  Status StartObject() override {
    frames_.push_back(path_.size());
    return out_.StartObject();
  }
  Status Key(std::string_view name) override {
    path_.resize(frames_.empty() ? 0 : frames_.back());
    if (!path_.empty()) path_ += '.';
    path_.append(name);
    return out_.Key(name);
  }
  Status EndObject() override {
    // Back to the key that held this object (array elements share it).
    path_.resize(frames_.back());
    frames_.pop_back();
    return out_.EndObject();
  }
  // Arrays are transparent: their values belong to the key that holds them.
  Status StartArray() override { return out_.StartArray(); }
  Status EndArray() override { return out_.EndArray(); }

  Status String(std::string_view value) override {
    if (AtBooleanField()) {
      if (auto meaning = LegacyBooleanText(value); meaning && value != "true" && value != "false") {
        ++rewritten_;
        return out_.Bool(*meaning);
      }
    }
    return out_.String(value);
  }
  Status Int(int32_t value) override {
    if ((value == 0 || value == 1) && AtBooleanField()) {
      ++rewritten_;
      return out_.Bool(value == 1);
    }
    return out_.Int(value);
  }
  Status Long(int64_t value) override {
    if ((value == 0 || value == 1) && AtBooleanField()) {
      ++rewritten_;
      return out_.Bool(value == 1);
    }
    return out_.Long(value);
  }
  Status RawNumber(std::string_view text, xcontent::NumberKind kind) override {
    if ((text == "0" || text == "1") && AtBooleanField()) {
      ++rewritten_;
      return out_.Bool(text == "1");
    }
    return out_.RawNumber(text, kind);
  }
  Status BigInteger(std::string_view decimal) override { return out_.BigInteger(decimal); }
  Status Float(float value) override { return out_.Float(value); }
  Status Double(double value) override { return out_.Double(value); }
  Status BigDecimal(std::string_view text) override { return out_.BigDecimal(text); }
  Status Bool(bool value) override { return out_.Bool(value); }
  Status Null() override { return out_.Null(); }
  Status Binary(ByteView bytes) override { return out_.Binary(bytes); }

 private:
  bool AtBooleanField() const { return !frames_.empty() && paths_.contains(path_); }

  const std::set<std::string, std::less<>>& paths_;
  xcontent::Handler& out_;
  std::string path_;            // dotted path of the current key
  std::vector<size_t> frames_;  // path_ length when each open object started
  int rewritten_ = 0;
};

BooleanCoercion::BooleanCoercion(const std::vector<std::string>& boolean_fields)
    : paths_(boolean_fields.begin(), boolean_fields.end()) {
  for (const std::string& path : paths_) {
    const size_t dot = path.rfind('.');
    std::string quoted(1, '"');
    quoted.append(path, dot == std::string::npos ? 0 : dot + 1);
    quoted.push_back('"');
    if (std::find(quoted_names_.begin(), quoted_names_.end(), quoted) == quoted_names_.end()) {
      quoted_names_.push_back(std::move(quoted));
    }
  }
}

bool BooleanCoercion::MayNeedRewrite(std::string_view source) const {
  for (const std::string& name : quoted_names_) {
    if (source.find(name) != std::string_view::npos) return true;
  }
  return false;
}

Result<int> BooleanCoercion::Rewrite(std::string_view source, std::string& out) {
  out.clear();
  xcontent::JsonWriter writer(&out);
  Filter filter(paths_, writer);
  const auto* bytes = reinterpret_cast<const uint8_t*>(source.data());
  SL_RETURN_IF_ERROR(parser_.Parse(ByteView(bytes, source.size()), filter));
  if (filter.rewritten() == 0) out.clear();
  return filter.rewritten();
}

}  // namespace shardlift::translate
