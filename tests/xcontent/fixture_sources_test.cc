// Every live `_source` stored in the es5-synth fixtures (JSON, pretty JSON, SMILE with shared names
// and values, CBOR with chunked strings, YAML, DFL-compressed, ~20 MB documents...) converts, and
// matches the `source` of expected.ndjson.gz as a JSON value (kinds and key order kept). A Lucene
// copy may legitimately differ when a translog operation replaced the document after the commit;
// those are counted, not failed, and must stay a small minority. Documents whose id is not in the
// expected file at all (deleted indices) are only counted.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "lucene/index_reader.h"
#include "support/shared_data.h"
#include "support/xcontent_events.h"
#include "xcontent/converter.h"
#include "xcontent/json_parser.h"

namespace shardlift::xcontent {
namespace {

ByteView View(std::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string Gunzip(const std::filesystem::path& path) {
  std::string out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return out;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  gzclose(file);
  return out;
}

// Reads one expected.ndjson line: its "type" and "id", and the events of its "source" value.
class ExpectedLine final : public Handler {
 public:
  std::string type, id;
  testing::EventRecorder source;
  bool has_source = false;

  Status StartObject() override { return Open(&Handler::StartObject); }
  Status StartArray() override { return Open(&Handler::StartArray); }
  Status EndObject() override { return Close(&Handler::EndObject); }
  Status EndArray() override { return Close(&Handler::EndArray); }
  Status Key(std::string_view name) override {
    if (depth_ == 1) key_ = name;
    return InSource() ? source.Key(name) : Status();
  }
  Status String(std::string_view value) override {
    if (depth_ == 1 && key_ == "type") type = value;
    if (depth_ == 1 && key_ == "id") id = value;
    return Scalar([&] { return source.String(value); });
  }
  Status Int(int32_t v) override {
    return Scalar([&] { return source.Int(v); });
  }
  Status Long(int64_t v) override {
    return Scalar([&] { return source.Long(v); });
  }
  Status BigInteger(std::string_view v) override {
    return Scalar([&] { return source.BigInteger(v); });
  }
  Status Float(float v) override {
    return Scalar([&] { return source.Float(v); });
  }
  Status Double(double v) override {
    return Scalar([&] { return source.Double(v); });
  }
  Status BigDecimal(std::string_view v) override {
    return Scalar([&] { return source.BigDecimal(v); });
  }
  Status RawNumber(std::string_view text, NumberKind kind) override {
    return Scalar([&] { return source.RawNumber(text, kind); });
  }
  Status Bool(bool v) override {
    return Scalar([&] { return source.Bool(v); });
  }
  Status Null() override {
    return Scalar([&] { return source.Null(); });
  }
  Status Binary(ByteView v) override {
    return Scalar([&] { return source.Binary(v); });
  }

 private:
  bool InSource() const { return depth_ >= 1 && key_ == "source" && (depth_ > 1 || in_value_); }
  Status Open(Status (Handler::*event)()) {
    if (depth_ == 1 && key_ == "source") {
      in_value_ = true;
      has_source = true;
    }
    Status s = InSource() ? (source.*event)() : Status();
    ++depth_;
    return s;
  }
  Status Close(Status (Handler::*event)()) {
    --depth_;
    Status s = InSource() ? (source.*event)() : Status();
    if (depth_ == 1) in_value_ = false;
    return s;
  }
  template <typename Emit>
  Status Scalar(Emit&& emit) {
    if (depth_ == 1 && key_ == "source") {
      has_source = true;
      in_value_ = true;
      Status s = emit();
      in_value_ = false;
      return s;
    }
    return InSource() ? emit() : Status();
  }

  int depth_ = 0;
  std::string key_;
  bool in_value_ = false;
};

void CheckFixture(const std::string& fixture) {
  const auto root = testing::SharedPath("fixtures/es5-synth/" + fixture);
  std::map<std::string, std::vector<std::string>> expected;  // "type#id" → source events
  JsonParser parser;
  const std::string lines = Gunzip(root / "expected.ndjson.gz");
  ASSERT_FALSE(lines.empty());
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    ExpectedLine line;
    ASSERT_TRUE(parser.Parse(View(std::string_view(lines).substr(start, end - start)), line).ok());
    if (line.has_source) expected[line.type + "#" + line.id].push_back(line.source.events());
    start = end + 1;
  }

  Converter converter;
  std::string json;
  int matched = 0, replaced = 0, unknown = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_directory() || entry.path().filename() != "index" ||
        entry.path().parent_path().parent_path().parent_path().filename() != "indices") {
      continue;
    }
    auto reader = lucene::IndexReader::Open(entry.path().string());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    for (size_t s = 0; s < reader->num_segments(); ++s) {
      lucene::SegmentReader& segment = reader->segment(s);
      lucene::StoredFieldsReader::Cursor cursor(segment.stored_fields());
      while (cursor.NextLive(segment.live_docs())) {
        std::string uid, type, id;
        bool has_source = false;
        auto fields = cursor.fields();
        for (lucene::StoredField field; fields.Next(field);) {
          const lucene::FieldInfo* info = segment.core_field_infos().ByNumber(field.number);
          ASSERT_NE(info, nullptr);
          if (info->name == "_uid") uid = field.text();
          if (info->name == "_id") id = field.text();
          if (info->name == "_type") type = field.text();
          if (info->name != "_source") continue;
          has_source = true;
          json.clear();
          const Status converted = converter.AppendJson(field.bytes, json);
          ASSERT_TRUE(converted.ok())
              << entry.path() << " doc " << cursor.doc() << ": " << converted.ToString();
          ASSERT_EQ(json.find('\n'), std::string::npos);
        }
        ASSERT_TRUE(fields.status().ok()) << fields.status().ToString();
        if (!has_source) continue;
        testing::EventRecorder ours;
        ASSERT_TRUE(parser.Parse(View(json), ours).ok()) << json.substr(0, 200);
        const std::string key = uid.empty() ? type + "#" + id : uid;
        const auto it = expected.find(key);
        if (it == expected.end()) {
          ++unknown;  // e.g. a document of a deleted (tombstoned) index
        } else if (std::find(it->second.begin(), it->second.end(), ours.events()) !=
                   it->second.end()) {
          ++matched;
        } else {
          ++replaced;
        }
      }
      ASSERT_TRUE(cursor.status().ok()) << cursor.status().ToString();
    }
  }
  std::cout << fixture << ": " << matched << " sources match expected.ndjson, " << replaced
            << " differ (replaced by the translog), " << unknown << " not in it" << std::endl;
  EXPECT_GT(matched, 0);
  EXPECT_LT(replaced, matched / 50 + 10);
}

TEST(FixtureSources, Single) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  CheckFixture("single");
}

TEST(FixtureSources, Cluster3) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/cluster3");
  CheckFixture("cluster3");
}

TEST(FixtureSources, Edge) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/edge");
  CheckFixture("edge");
}

}  // namespace
}  // namespace shardlift::xcontent
