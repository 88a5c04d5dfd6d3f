// SORTED doc values on real Elasticsearch 5 parent/child data: every child document's
// `_parent#<type>` value must be the parent id that expected.ndjson names for it.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fixture_util.h"
#include "lucene/index_reader.h"

namespace shardlift::lucene {
namespace {

using testing::SharedPath;

constexpr std::string_view kParentPrefix = "_parent#";

// (type#id) → the `_parent#*` values of every live doc with that uid, over all Lucene index
// directories under `root` whose segments have parent doc values.
using ParentValues = std::map<std::string, std::vector<std::string>>;

void CollectParents(const std::filesystem::path& index_dir, ParentValues& out, int& segments) {
  Result<IndexReader> reader = IndexReader::Open(index_dir.string());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (size_t s = 0; s < reader->num_segments(); ++s) {
    SegmentReader& segment = reader->segment(s);
    std::vector<SortedDocValues*> parents;
    for (const FieldInfo& field : segment.field_infos().fields()) {
      if (!field.name.starts_with(kParentPrefix)) continue;
      ASSERT_EQ(field.doc_values_type, DocValuesType::kSorted) << field.name;
      Result<SortedDocValues*> values = segment.Sorted(field.name);
      ASSERT_TRUE(values.ok()) << values.status().ToString();
      ASSERT_NE(*values, nullptr);
      parents.push_back(*values);
    }
    if (parents.empty()) continue;
    ++segments;
    const FieldInfo* uid = segment.core_field_infos().ByName("_uid");
    ASSERT_NE(uid, nullptr);
    StoredFieldsReader::Cursor cursor(segment.stored_fields());
    while (cursor.NextLive(segment.live_docs())) {
      std::string key;
      StoredFieldIterator fields = cursor.fields();
      for (StoredField f; fields.Next(f);) {
        if (f.number == uid->number) key = std::string(f.text());
      }
      ASSERT_TRUE(fields.status().ok()) << fields.status().ToString();
      if (key.empty()) continue;  // nested docs
      std::vector<std::string>& values = out[key];
      for (SortedDocValues* parent : parents) {
        Result<std::optional<ByteView>> value = parent->Get(cursor.doc());
        ASSERT_TRUE(value.ok()) << value.status().ToString();
        if (value->has_value()) {
          values.emplace_back(reinterpret_cast<const char*>((*value)->data()), (*value)->size());
        }
      }
    }
    ASSERT_TRUE(cursor.status().ok()) << cursor.status().ToString();
  }
}

void CheckParents(const std::string& data_root, const std::string& expected_file,
                  size_t min_checked) {
  SL_REQUIRE_SHARED(data_root);
  ParentValues found;
  int segments = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SharedPath(data_root))) {
    if (entry.is_directory() && entry.path().filename() == "index") {
      CollectParents(entry.path(), found, segments);
    }
  }
  EXPECT_GT(segments, 0);
  const std::string expected = testing::ReadGzip(SharedPath(expected_file));
  size_t checked = 0;
  size_t start = 0;
  while (start < expected.size()) {
    const size_t end = expected.find('\n', start);
    const auto doc = nlohmann::json::parse(expected.substr(start, end - start));
    start = end == std::string::npos ? expected.size() : end + 1;
    const auto it = found.find(doc["type"].get<std::string>() + "#" + doc["id"].get<std::string>());
    if (it == found.end()) continue;  // only in the translog, or in an index without parents
    if (doc["parent"].is_null()) {
      // A parent-type doc carries its own id; others carry nothing.
      for (const std::string& value : it->second) EXPECT_EQ(value, doc["id"].get<std::string>());
    } else {
      ASSERT_EQ(it->second.size(), 1u) << it->first;
      EXPECT_EQ(it->second[0], doc["parent"].get<std::string>()) << it->first;
      ++checked;
    }
  }
  EXPECT_GE(checked, min_checked);
}

TEST(ParentDocValues, Es5SyntheticSingleNode) {
  CheckParents("fixtures/es5-synth/single/data", "fixtures/es5-synth/single/expected.ndjson.gz",
               100);
}

TEST(ParentDocValues, Es5SyntheticEdgeCases) {
  CheckParents("fixtures/es5-synth/edge", "fixtures/es5-synth/edge/expected.ndjson.gz", 30);
}

}  // namespace
}  // namespace shardlift::lucene
