// Sample XContent bodies for benchmarks and allocation tests: a small SMILE writer (shared names,
// as Elasticsearch writes them) and a typical document built with it.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace shardlift::testing {

class SmileWriter {
 public:
  SmileWriter() { bytes_ = {':', ')', '\n', 0x05}; }  // shared names, raw binary

  const std::vector<uint8_t>& bytes() const { return bytes_; }

  void StartObject() { bytes_.push_back(0xFA); }
  void EndObject() { bytes_.push_back(0xFB); }
  void StartArray() { bytes_.push_back(0xF8); }
  void EndArray() { bytes_.push_back(0xF9); }

  // An ASCII key of 1-64 bytes, as a back-reference when it was written before.
  void Key(std::string_view name) {
    if (auto it = names_.find(std::string(name)); it != names_.end()) {
      if (it->second < 64) {
        bytes_.push_back(static_cast<uint8_t>(0x40 | it->second));
      } else {
        bytes_.push_back(static_cast<uint8_t>(0x30 | (it->second >> 8)));
        bytes_.push_back(static_cast<uint8_t>(it->second & 0xFF));
      }
      return;
    }
    if (names_.size() == 1024) names_.clear();
    const int index = static_cast<int>(names_.size());
    names_[std::string(name)] = index;
    bytes_.push_back(static_cast<uint8_t>(0x80 + name.size() - 1));
    bytes_.insert(bytes_.end(), name.begin(), name.end());
  }

  // An ASCII string value.
  void String(std::string_view text) {
    if (text.empty()) {
      bytes_.push_back(0x20);
    } else if (text.size() <= 64) {
      bytes_.push_back(static_cast<uint8_t>(0x40 + text.size() - 1));
      bytes_.insert(bytes_.end(), text.begin(), text.end());
    } else {
      bytes_.push_back(0xE0);
      bytes_.insert(bytes_.end(), text.begin(), text.end());
      bytes_.push_back(0xFC);
    }
  }

  void Int(int32_t value) {
    const uint32_t zigzag =
        (static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31);
    if (zigzag < 32) {
      bytes_.push_back(static_cast<uint8_t>(0xC0 | zigzag));
      return;
    }
    bytes_.push_back(0x24);
    VInt(zigzag);
  }

  void Double(double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    bytes_.push_back(0x29);
    for (int shift = 63; shift >= 0; shift -= 7) bytes_.push_back((bits >> shift) & 0x7F);
  }

  void Bool(bool value) { bytes_.push_back(value ? 0x23 : 0x22); }

 private:
  void VInt(uint64_t value) {
    uint8_t groups[10];
    int count = 0;
    groups[count++] = static_cast<uint8_t>(0x80 | (value & 0x3F));
    for (value >>= 6; value > 0; value >>= 7) groups[count++] = value & 0x7F;
    while (count > 0) bytes_.push_back(groups[--count]);
  }

  std::vector<uint8_t> bytes_;
  std::map<std::string, int> names_;
};

// A ClearML-like task document of about 2 KB: nested objects, arrays, strings, numbers.
inline std::vector<uint8_t> SampleSmileDocument(int seed) {
  SmileWriter w;
  w.StartObject();
  w.Key("id");
  w.String("task-" + std::to_string(seed));
  w.Key("name");
  w.String("training run with a reasonably long descriptive name number " + std::to_string(seed));
  w.Key("status");
  w.String(seed % 3 ? "completed" : "failed");
  w.Key("created");
  w.Int(1591000000 + seed);
  w.Key("execution");
  w.StartObject();
  w.Key("parameters");
  w.StartObject();
  for (int i = 0; i < 20; ++i) {
    w.Key("param_" + std::to_string(i));
    w.String("value " + std::to_string(i * seed));
  }
  w.EndObject();
  w.Key("queue");
  w.String("default");
  w.EndObject();
  w.Key("metrics");
  w.StartArray();
  for (int i = 0; i < 30; ++i) {
    w.StartObject();
    w.Key("iter");
    w.Int(i);
    w.Key("value");
    w.Double(0.001 * i * seed + 0.5);
    w.Key("ok");
    w.Bool(i % 2 == 0);
    w.EndObject();
  }
  w.EndArray();
  w.Key("comment");
  w.String(std::string(300, 'c'));
  w.EndObject();
  return w.bytes();
}

}  // namespace shardlift::testing
