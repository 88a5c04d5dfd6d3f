#include "es5/compressed_xcontent.h"

#include "xcontent/content_type.h"
#include "xcontent/converter.h"

namespace shardlift::es5 {

Result<nlohmann::ordered_json> ParseStateBody(const StateFile& state) {
  const ByteView body = state.body.bytes();
  Result<xcontent::XContentType> found = xcontent::DetectXContentType(body);
  if (!found.ok()) return found.status().WithContext(state.body.Describe(0));
  if (*found != state.content_type) {
    return state.body.CorruptionAt(0, std::string(xcontent::ToString(state.content_type)) +
                                          " declared in the header, but the body holds " +
                                          std::string(xcontent::ToString(*found)));
  }
  Result<nlohmann::ordered_json> dom = xcontent::ToDom(body);
  if (!dom.ok()) return dom.status().WithContext(state.body.Describe(0));
  return dom;
}

Result<nlohmann::ordered_json> ExpandCompressedXContent(const nlohmann::ordered_json& value,
                                                        const io::FileSlice& where) {
  if (value.is_object() || value.is_array()) return value;
  ByteView bytes;
  if (value.is_binary()) {
    bytes = {value.get_binary().data(), value.get_binary().size()};
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    bytes = {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
  } else {
    return where.CorruptionAt(0, "expected compressed XContent, an object or a string, found " +
                                     std::string(value.type_name()));
  }
  Result<nlohmann::ordered_json> dom = xcontent::ToDom(bytes);
  if (!dom.ok()) return dom.status().WithContext(where.Describe(0) + ": mapping or alias filter");
  return dom;
}

}  // namespace shardlift::es5
