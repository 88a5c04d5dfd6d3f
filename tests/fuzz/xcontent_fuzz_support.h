// What every xcontent fuzz target checks about a body a parser accepted: the JSON we print for it
// is one line of valid JSON holding the same values (the JSON writer round trip), and the DOM
// builds. Any violation aborts, which libFuzzer reports as a crash.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "xcontent/base64.h"
#include "xcontent/dom_builder.h"
#include "xcontent/handler.h"
#include "xcontent/json_parser.h"
#include "xcontent/json_writer.h"
#include "xcontent/number_text.h"

namespace shardlift::xcontent::fuzz {

// Records values as JSON would carry them: numbers as doubles or exact integer text, binary and
// non-finite numbers as the strings the writer prints for them.
class ValueRecorder final : public Handler {
 public:
  std::vector<std::string> values;

  Status StartObject() override { return Add("{"); }
  Status Key(std::string_view name) override { return Add("K" + std::string(name)); }
  Status EndObject() override { return Add("}"); }
  Status StartArray() override { return Add("["); }
  Status EndArray() override { return Add("]"); }
  Status String(std::string_view value) override { return Add("S" + std::string(value)); }
  Status Int(int32_t value) override { return Add("I" + std::to_string(value)); }
  Status Long(int64_t value) override { return Add("I" + std::to_string(value)); }
  Status BigInteger(std::string_view decimal) override { return Add("I" + std::string(decimal)); }
  Status Float(float value) override {
    if (!std::isfinite(value)) return Double(value);
    std::string text;
    AppendJavaFloat(value, text);  // what the writer prints; compared as the double it reads as
    return RawNumber(text, NumberKind::kDouble);
  }
  Status Double(double value) override {
    if (std::isnan(value)) return Add("SNaN");
    if (std::isinf(value)) return Add(value > 0 ? "SInfinity" : "S-Infinity");
    char buf[40];
    std::snprintf(buf, sizeof buf, "D%a", value);
    return Add(buf);
  }
  Status BigDecimal(std::string_view text) override {
    // Java prints "1E+3" (a JSON float) or "123" (a JSON integer) for a BigDecimal.
    if (text.find_first_of(".E") == std::string_view::npos) return Add("I" + std::string(text));
    return RawNumber(text, NumberKind::kDouble);
  }
  Status RawNumber(std::string_view text, NumberKind kind) override {
    if (kind != NumberKind::kDouble) return Add("I" + std::string(text == "-0" ? "0" : text));
    double value = 0;
    ParseDecimalDouble(text, &value);
    return Double(value);
  }
  Status Bool(bool value) override { return Add(value ? "T" : "F"); }
  Status Null() override { return Add("N"); }
  Status Binary(ByteView bytes) override {
    std::string text = "S";
    AppendBase64(bytes, text);
    return Add(text);
  }

 private:
  Status Add(std::string value) {
    values.push_back(std::move(value));
    return Status();
  }
};

[[noreturn]] inline void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "xcontent fuzz property violated: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// `parse` reports the accepted body to a handler; check what the writer and DOM make of it.
template <typename Parse>
void CheckAccepted(Parse&& parse) {
  ValueRecorder original;
  if (!parse(original).ok()) return;
  std::string json;
  JsonWriter writer(&json);
  if (!parse(writer).ok()) Die("second parse failed", "");
  if (json.find('\n') != std::string::npos) Die("JSON output spans lines", json);
  ValueRecorder reread;
  JsonParser reparser;
  if (Status s = reparser.Parse(
          ByteView(reinterpret_cast<const uint8_t*>(json.data()), json.size()), reread);
      !s.ok()) {
    Die("JSON output does not parse", s.ToString() + "\n" + json);
  }
  if (reread.values != original.values) Die("JSON output holds other values", json);
  DomBuilder dom;
  if (!parse(dom).ok()) Die("DOM parse failed", "");
  (void)dom.Take().dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace shardlift::xcontent::fuzz
