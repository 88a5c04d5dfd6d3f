#include "es5/source_filter.h"

#include <gtest/gtest.h>

namespace shardlift::es5 {
namespace {

std::string Filtered(const SourceFilter& filter, std::string_view json) {
  std::string out;
  const Status status =
      filter.FilterToJson({reinterpret_cast<const uint8_t*>(json.data()), json.size()}, out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

TEST(SourceFilter, ExcludesLikeEs56WithHashMapOrderAtFilteredLevels) {
  const SourceFilter filter({}, {"internal.*"});
  ASSERT_TRUE(filter.active());
  // What ES 5.6.16 served for such a document (tests/es56): the filtered level in HashMap order,
  // the object kept whole in its own order, excluded members gone, a big integer as a string.
  EXPECT_EQ(Filtered(filter, R"({"text":"t","internal":{"a":1,"b":[2]},"payload":{"z":1.50,"a":)"
                             R"(-19228797201010547485}})"),
            R"({"internal":{},"payload":{"z":1.5,"a":"-19228797201010547485"},"text":"t"})");
}

TEST(SourceFilter, Includes) {
  const SourceFilter filter({"a.*", "c"}, {"a.x"});
  EXPECT_EQ(Filtered(filter, R"({"b":1,"a":{"x":1,"y":2},"c":[1,{"d":2}]})"),
            R"({"a":{"y":2},"c":[1,{"d":2}]})");
  EXPECT_FALSE(SourceFilter({}, {}).active());
}

}  // namespace
}  // namespace shardlift::es5
