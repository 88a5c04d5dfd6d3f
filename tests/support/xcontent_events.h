// EventRecorder: a Handler that writes every event as one typed line, so tests can compare what
// two parsers (ours, or Jackson in the differential oracle) saw, number kinds included:
//   {  }  [  ]  K:"name"  S:"text"  I:int  L:long  BI:digits  F:<8 hex bits>  D:<16 hex bits>
//   BD:text  B:base64  true  false  null
// JSON numbers (RawNumber) are recorded as the kind Jackson gives them with the parsed value,
// so they compare equal to the same number read from any other format.
#pragma once

#include <cstdio>
#include <cstring>
#include <string>

#include "xcontent/base64.h"
#include "xcontent/handler.h"
#include "xcontent/json_writer.h"
#include "xcontent/number_text.h"

namespace shardlift::testing {

class EventRecorder final : public xcontent::Handler {
 public:
  const std::string& events() const { return events_; }
  void Clear() { events_.clear(); }

  Status StartObject() override { return Line("{"); }
  Status Key(std::string_view name) override { return Quoted("K:", name); }
  Status EndObject() override { return Line("}"); }
  Status StartArray() override { return Line("["); }
  Status EndArray() override { return Line("]"); }
  Status String(std::string_view value) override { return Quoted("S:", value); }
  Status Int(int32_t value) override { return Line("I:" + std::to_string(value)); }
  Status Long(int64_t value) override { return Line("L:" + std::to_string(value)); }
  Status BigInteger(std::string_view decimal) override {
    return Line("BI:" + std::string(decimal));
  }
  Status Float(float value) override {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return Hex("F:", bits, 8);
  }
  Status Double(double value) override {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return Hex("D:", bits, 16);
  }
  Status BigDecimal(std::string_view text) override { return Line("BD:" + std::string(text)); }
  Status RawNumber(std::string_view text, xcontent::NumberKind kind) override {
    switch (kind) {
      case xcontent::NumberKind::kInt:
        return Line("I:" + std::string(text == "-0" ? "0" : text));
      case xcontent::NumberKind::kLong:
        return Line("L:" + std::string(text));
      case xcontent::NumberKind::kBigInteger:
        return Line("BI:" + std::string(text));
      default: {
        double value = 0;
        xcontent::ParseDecimalDouble(text, &value);
        return Double(value);
      }
    }
  }
  Status Bool(bool value) override { return Line(value ? "true" : "false"); }
  Status Null() override { return Line("null"); }
  Status Binary(ByteView bytes) override {
    std::string line = "B:";
    xcontent::AppendBase64(bytes, line);
    return Line(line);
  }

 private:
  Status Line(std::string_view line) {
    events_ += line;
    events_ += '\n';
    return Status();
  }
  Status Quoted(std::string_view prefix, std::string_view text) {
    std::string line(prefix);
    xcontent::AppendJsonString(text, line);
    return Line(line);
  }
  Status Hex(std::string_view prefix, uint64_t bits, int digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(bits));
    return Line(std::string(prefix) + buf);
  }

  std::string events_;
};

}  // namespace shardlift::testing
