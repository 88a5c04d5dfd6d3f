#include "lucene/index_dump.h"

#include <algorithm>
#include <charconv>
#include <utility>
#include <vector>

namespace shardlift::lucene {

namespace {

constexpr size_t kFlushBytes = 1 << 20;
constexpr char kHexDigits[] = "0123456789abcdef";

class DumpBuffer {
 public:
  explicit DumpBuffer(TextSink& sink) : sink_(sink) { text_.reserve(2 * kFlushBytes); }

  DumpBuffer& operator<<(std::string_view s) {
    text_.append(s);
    return *this;
  }
  DumpBuffer& operator<<(char c) {
    text_.push_back(c);
    return *this;
  }
  DumpBuffer& operator<<(int64_t value) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof(buf), value).ptr;
    text_.append(buf, end);
    return *this;
  }
  // Lowercase hex of `bytes`, "-" when empty.
  void Hex(ByteView bytes) {
    if (bytes.empty()) {
      text_.push_back('-');
      return;
    }
    const size_t at = text_.size();
    text_.resize(at + 2 * bytes.size());
    char* out = text_.data() + at;
    for (uint8_t b : bytes) {
      *out++ = kHexDigits[b >> 4];
      *out++ = kHexDigits[b & 15];
    }
  }
  // `digits` lowercase hex digits of `bits`, zero-padded.
  void FixedHex(uint64_t bits, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
      text_.push_back(kHexDigits[(bits >> shift) & 15]);
  }

  Status MaybeFlush() { return text_.size() >= kFlushBytes ? Flush() : Status(); }
  Status Flush() {
    Status status = sink_.Write(text_);
    text_.clear();
    return status;
  }

 private:
  TextSink& sink_;
  std::string text_;
};

Status DumpFields(StoredFieldIterator fields, const FieldInfos& infos, DumpBuffer& out) {
  for (StoredField field; fields.Next(field);) {
    const FieldInfo* info = infos.ByNumber(field.number);
    if (info == nullptr) {
      return fields.FailField("stored field number " + std::to_string(field.number) +
                              " is not in the segment's field infos");
    }
    out << "F " << std::string_view(info->name) << ' ';
    switch (field.type) {
      case StoredFieldType::kString:
        out << "str ";
        out.Hex(field.bytes);
        break;
      case StoredFieldType::kBytes:
        out << "bin ";
        out.Hex(field.bytes);
        break;
      case StoredFieldType::kInt:
        out << "int " << field.int_value();
        break;
      case StoredFieldType::kLong:
        out << "long " << field.int_value();
        break;
      case StoredFieldType::kFloat:
        out << "float ";
        out.FixedHex(field.bits, 8);
        break;
      case StoredFieldType::kDouble:
        out << "double ";
        out.FixedHex(field.bits, 16);
        break;
    }
    out << '\n';
  }
  return fields.status();
}

Status DumpSegment(SegmentReader& segment, const DumpOptions& options, DumpBuffer& out) {
  out << "SEG " << std::string_view(segment.name()) << " maxDoc=" << int64_t{segment.max_doc()}
      << '\n';
  // NUMERIC doc values, alphabetically by field name.
  std::vector<std::pair<std::string_view, const NumericDocValues*>> numerics;
  for (const FieldInfo& field : segment.field_infos().fields()) {
    if (field.doc_values_type != DocValuesType::kNumeric) continue;
    SL_ASSIGN_OR_RETURN(const NumericDocValues* values, segment.Numeric(field.name));
    numerics.emplace_back(field.name, values);
  }
  std::sort(numerics.begin(), numerics.end());
  std::vector<std::pair<std::string_view, SortedDocValues*>> sorted;
  for (const FieldInfo& field : segment.field_infos().fields()) {
    if (!options.sorted_doc_values || field.doc_values_type != DocValuesType::kSorted) continue;
    SL_ASSIGN_OR_RETURN(SortedDocValues * values, segment.Sorted(field.name));
    sorted.emplace_back(field.name, values);
  }
  std::sort(sorted.begin(), sorted.end());

  const LiveDocs& live = segment.live_docs();
  StoredFieldsReader::Cursor cursor(segment.stored_fields());
  for (int32_t doc = 0; doc < segment.max_doc(); ++doc) {
    if (!live.IsLive(doc)) {
      out << "DOC " << int64_t{doc} << " live=0\n";
      continue;
    }
    out << "DOC " << int64_t{doc} << " live=1\n";
    if (!cursor.Seek(doc)) return cursor.status();
    SL_RETURN_IF_ERROR(DumpFields(cursor.fields(), segment.core_field_infos(), out));
    for (const auto& [name, values] : numerics) {
      if (const std::optional<int64_t> value = values->Get(doc)) {
        out << "DV " << name << ' ' << *value << '\n';
      }
    }
    for (const auto& [name, values] : sorted) {
      SL_ASSIGN_OR_RETURN(const std::optional<ByteView> value, values->Get(doc));
      if (!value) continue;
      out << "SDV " << name << ' ';
      out.Hex(*value);
      out << '\n';
    }
    SL_RETURN_IF_ERROR(out.MaybeFlush());
  }
  return Status();
}

}  // namespace

Status WriteIndexDump(IndexReader& reader, TextSink& sink, const DumpOptions& options) {
  DumpBuffer out(sink);
  for (size_t i = 0; i < reader.num_segments(); ++i) {
    SL_RETURN_IF_ERROR(DumpSegment(reader.segment(i), options, out));
  }
  return out.Flush();
}

}  // namespace shardlift::lucene
