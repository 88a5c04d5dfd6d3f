#include "es5/shard_reader.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "es5/source_filter.h"
#include "io/directory.h"
#include "lucene/index_reader.h"

namespace shardlift::es5 {

namespace {

constexpr std::string_view kTranslogUuidKey = "translog_uuid";
constexpr std::string_view kTranslogGenerationKey = "translog_generation";

std::string_view AsText(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Field numbers of the metadata fields in one segment (−1 when the segment has none).
struct MetaFieldNumbers {
  explicit MetaFieldNumbers(const lucene::FieldInfos& infos)
      : uid(Number(infos, "_uid")),
        id(Number(infos, "_id")),
        source(Number(infos, "_source")),
        routing(Number(infos, "_routing")),
        parent(Number(infos, "_parent")),
        timestamp(Number(infos, "_timestamp")),
        ttl(Number(infos, "_ttl")) {}
  static int32_t Number(const lucene::FieldInfos& infos, std::string_view name) {
    const lucene::FieldInfo* info = infos.ByName(name);
    return info ? info->number : -1;
  }
  int32_t uid, id, source, routing, parent, timestamp, ttl;
};

// The documents a sample of one segment takes: the first root doc at or after each of `count`
// docids spread evenly over [0, max_doc). Count 0 takes every document.
class SegmentSample {
 public:
  SegmentSample(int32_t count, int32_t max_doc) : count_(count), max_doc_(max_doc) {}

  bool all() const { return count_ == 0; }
  // The docid the next sample starts looking at; max_doc once the sample is complete.
  int32_t next_target() const {
    if (all()) return 0;
    if (taken_ >= count_) return max_doc_;
    return static_cast<int32_t>(static_cast<int64_t>(taken_) * max_doc_ / count_);
  }
  // Called for each root doc in docid order: true if it belongs to the sample.
  bool Take(int32_t doc) {
    if (all()) return true;
    if (doc < next_target()) return false;
    ++taken_;
    return true;
  }

 private:
  int32_t count_;
  int32_t max_doc_;
  int32_t taken_ = 0;
};

// Moves `cursor` to the next live doc to read: the next one, or (`skip_unsampled`) the first
// live doc at or after the sample's next target.
bool Advance(lucene::StoredFieldsReader::Cursor& cursor, const lucene::LiveDocs& live,
             const SegmentSample& sample, bool skip_unsampled) {
  if (!skip_unsampled) return cursor.NextLive(live);
  const int32_t target = sample.next_target();
  if (target >= live.max_doc()) return false;
  if (target <= cursor.doc()) return cursor.NextLive(live);
  return cursor.Seek(target) && (live.IsLive(target) || cursor.NextLive(live));
}

// The metadata fields of one stored document that are not Document fields themselves.
struct StoredMeta {
  std::optional<std::string_view> uid;
  std::optional<std::string_view> id;
  std::optional<std::string_view> parent;  // a 2.x stored _parent: "<parent type>#<parent id>"
};

// Reads one document's stored fields: `doc` takes its source, routing, timestamp and ttl (and
// loses the last document's), `meta` its _uid, _id and stored _parent.
Status ReadStoredFields(lucene::StoredFieldIterator fields, const MetaFieldNumbers& numbers,
                        Document& doc, StoredMeta& meta) {
  doc.has_source = doc.has_routing = doc.has_parent = false;
  doc.has_timestamp = doc.has_ttl = false;
  for (lucene::StoredField field; fields.Next(field);) {
    if (field.number == numbers.uid) {
      meta.uid = field.text();
    } else if (field.number == numbers.id) {
      meta.id = field.text();
    } else if (field.number == numbers.source) {
      doc.source = field.bytes;
      doc.has_source = true;
    } else if (field.number == numbers.routing) {
      doc.routing = field.text();
      doc.has_routing = true;
    } else if (field.number == numbers.parent) {
      meta.parent = field.text();
    } else if (field.number == numbers.timestamp) {
      doc.timestamp = field.int_value();
      doc.has_timestamp = true;
    } else if (field.number == numbers.ttl) {
      doc.ttl = field.int_value();
      doc.has_ttl = true;
    }
  }
  return fields.status();
}

// The parent id of a 5.x child document: the SORTED doc values `_parent#<parent type>` of its
// segment, opened once per parent type.
class ParentLookup {
 public:
  explicit ParentLookup(lucene::SegmentReader& segment) : segment_(segment) {}

  // Sets doc.parent (and has_parent) when `mapping` has a parent type and the doc a value.
  Status Find(const TypeMapping* mapping, int32_t docid, Document& doc) {
    if (mapping == nullptr || mapping->parent_type.empty()) return Status();
    auto it = by_type_.find(mapping->parent_type);
    if (it == by_type_.end()) {
      SL_ASSIGN_OR_RETURN(lucene::SortedDocValues * values,
                          segment_.Sorted("_parent#" + mapping->parent_type));
      it = by_type_.emplace(mapping->parent_type, values).first;
    }
    if (it->second == nullptr) return Status();
    SL_ASSIGN_OR_RETURN(const std::optional<ByteView> parent, it->second->Get(docid));
    if (parent && !parent->empty()) {
      doc.parent = AsText(*parent);
      doc.has_parent = true;
    }
    return Status();
  }

 private:
  lucene::SegmentReader& segment_;
  std::map<std::string, lucene::SortedDocValues*, std::less<>> by_type_;
};

// Whether a mapping body declares nested fields (or dynamic templates that make some).
bool DeclaresNested(const nlohmann::ordered_json& node) {
  if (node.is_object()) {
    const auto type = node.find("type");
    if (type != node.end() && type->is_string() && type->get_ref<const std::string&>() == "nested")
      return true;
  }
  if (!node.is_structured()) return false;
  return std::any_of(node.begin(), node.end(),
                     [](const nlohmann::ordered_json& child) { return DeclaresNested(child); });
}

}  // namespace

ShardReader::ShardReader(const IndexMetadata& meta, ShardFiles files)
    : meta_(meta), files_(std::move(files)) {}

ShardReader::~ShardReader() = default;

Result<std::unique_ptr<ShardReader>> ShardReader::Open(const IndexMetadata& meta, ShardFiles files,
                                                       const lucene::ReadOptions& options) {
  std::unique_ptr<ShardReader> reader(new ShardReader(meta, std::move(files)));
  const ShardFiles& where = reader->files_;
  SL_ASSIGN_OR_RETURN(lucene::IndexReader index, lucene::IndexReader::Open(where.index, options));
  reader->index_ = std::make_unique<lucene::IndexReader>(std::move(index));
  if (where.translog_dir.empty()) return reader;
  const auto& user_data = reader->index_->commit().user_data;
  const auto uuid = user_data.find(std::string(kTranslogUuidKey));
  if (uuid == user_data.end()) {
    // 1.x-era commits carry translog_id instead; ES 5 cannot recover those translogs either.
    SL_ASSIGN_OR_RETURN(const io::FileKind checkpoint,
                        io::KindOf(where.translog_dir + "/translog.ckp"));
    if (checkpoint != io::FileKind::kMissing) {
      return Status::Unsupported(reader->index_->commit_file() +
                                 ": commit without translog_uuid (pre-2.0 translog)");
    }
    return reader;
  }
  const auto generation = user_data.find(std::string(kTranslogGenerationKey));
  const std::string generation_text = generation == user_data.end() ? "" : generation->second;
  const auto [end, parse_error] =
      std::from_chars(generation_text.data(), generation_text.data() + generation_text.size(),
                      reader->translog_generation_);
  if (parse_error != std::errc() || end != generation_text.data() + generation_text.size()) {
    return Status::Corruption(reader->index_->commit_file() + ": bad translog_generation \"" +
                              generation_text + "\" in the commit user data");
  }
  reader->has_translog_ = true;
  reader->translog_uuid_ = uuid->second;
  SL_ASSIGN_OR_RETURN(ShardTranslog translog,
                      ShardTranslog::Open(where.translog_dir, reader->translog_uuid_,
                                          reader->translog_generation_));
  reader->translog_ops_ = translog.expected_ops();
  const TypeMapping* single = meta.single_type ? meta.SingleType() : nullptr;
  SL_ASSIGN_OR_RETURN(TranslogOverlay overlay,
                      TranslogOverlay::Build(translog, single ? single->type : ""));
  reader->overlay_ = std::make_unique<TranslogOverlay>(std::move(overlay));
  return reader;
}

int64_t ShardReader::commit_live_docs() const { return index_->num_docs(); }

Status ShardReader::ForEach(const Sink& sink) {
  SL_RETURN_IF_ERROR(ReadCommitted(sink, /*samples_per_segment=*/0, /*read_unsampled=*/true));
  SL_RETURN_IF_ERROR(ReadTranslogOnly(sink, /*limit=*/0));
  if (overlay_) stats_.translog = overlay_->stats();
  return Status();
}

bool ShardReader::MetadataCounts() const {
  if (overlay_ && !overlay_->empty()) return false;
  return std::none_of(meta_.mappings.begin(), meta_.mappings.end(), [](const TypeMapping& m) {
    return !m.source_enabled || DeclaresNested(m.mapping);
  });
}

Status ShardReader::Survey(int32_t samples_per_segment, const Sink& sink) {
  const bool metadata_counts = MetadataCounts();
  SL_RETURN_IF_ERROR(ReadCommitted(sink, samples_per_segment, !metadata_counts));
  SL_RETURN_IF_ERROR(ReadTranslogOnly(sink, samples_per_segment));
  if (overlay_) stats_.translog = overlay_->stats();
  if (metadata_counts) {
    // No nested docs, every doc has its source, no translog op touches the commit.
    stats_.committed_live = stats_.emitted = index_->num_docs();
    stats_.nested_skipped = stats_.source_disabled = 0;
  }
  return Status();
}

Status ShardReader::ReadCommitted(const Sink& sink, int32_t samples_per_segment,
                                  bool read_unsampled) {
  CommitReading reading;
  reading.single = meta_.SingleType();
  // Nested docs store neither _uid nor _id; only an index whose mapping has nested fields has
  // them, and each block of them is followed by its root document (Lucene's block join).
  reading.index_has_nested =
      std::any_of(meta_.mappings.begin(), meta_.mappings.end(),
                  [](const TypeMapping& m) { return DeclaresNested(m.mapping); });
  reading.index_has_parents =
      std::any_of(meta_.mappings.begin(), meta_.mappings.end(),
                  [](const TypeMapping& m) { return !m.parent_type.empty(); });
  reading.doc.index = meta_.name;
  reading.doc.origin = Document::Origin::kCommit;
  for (size_t s = 0; s < index_->num_segments(); ++s) {
    SL_RETURN_IF_ERROR(
        ReadSegment(index_->segment(s), sink, samples_per_segment, read_unsampled, reading));
  }
  return Status();
}

Status ShardReader::ReadSegment(lucene::SegmentReader& segment, const Sink& sink,
                                int32_t samples_per_segment, bool read_unsampled,
                                CommitReading& reading) {
  ++stats_.segments;
  const MetaFieldNumbers numbers(segment.core_field_infos());
  SL_ASSIGN_OR_RETURN(const lucene::NumericDocValues* versions, segment.Numeric("_version"));
  const io::FileSlice& fdt = segment.stored_fields().data();
  const std::string fdt_name =
      fdt.name() == fdt.path() ? fdt.path() : fdt.path() + " (" + fdt.name() + ")";
  Document& doc = reading.doc;
  doc.file = fdt_name;
  ParentLookup parents(segment);
  lucene::StoredFieldsReader::Cursor cursor(segment.stored_fields());
  SegmentSample sample(samples_per_segment, segment.max_doc());
  // Located at the chunk holding the doc.
  const auto corruption_at_doc = [&](uint64_t chunk_at, int32_t docid, const std::string& what) {
    return Status::Corruption(fdt.Describe(chunk_at) + ": segment " + segment.name() + " doc " +
                              std::to_string(docid) + ": " + what);
  };
  int32_t nested_pending = 0;  // nested docs read since the last root doc
  int32_t first_nested = -1;
  uint64_t first_nested_at = 0;
  while (Advance(cursor, segment.live_docs(), sample, !read_unsampled)) {
    StoredMeta stored;
    SL_RETURN_IF_ERROR(ReadStoredFields(cursor.fields(), numbers, doc, stored));
    const int32_t docid = cursor.doc();
    if (stored.uid) {
      const size_t hash = stored.uid->find('#');
      if (hash == std::string_view::npos) {
        return corruption_at_doc(cursor.chunk_payload_at(), docid,
                                 "_uid \"" + std::string(*stored.uid) + "\" has no '#'");
      }
      doc.type = stored.uid->substr(0, hash);
      doc.id = stored.uid->substr(hash + 1);
    } else if (stored.id) {
      if (reading.single == nullptr) {
        return Status::Corruption(fdt.Describe(0) + ": segment " + segment.name() +
                                  " stores _id but index " + meta_.name +
                                  " has no single mapping type");
      }
      doc.type = reading.single->type;
      doc.id = *stored.id;
    } else if (!reading.index_has_nested) {
      return corruption_at_doc(cursor.chunk_payload_at(), docid,
                               "stores neither _uid nor _id, and the mapping of index " +
                                   meta_.name + " has no nested field (so it is no nested doc)");
    } else {
      if (nested_pending++ == 0) {
        first_nested = docid;
        first_nested_at = cursor.chunk_payload_at();
      }
      continue;
    }
    stats_.nested_skipped += nested_pending;
    nested_pending = 0;
    if (versions == nullptr) {
      return Status::Corruption(fdt.Describe(0) + ": segment " + segment.name() +
                                " has no _version doc values");
    }
    doc.version = versions->Value(docid);
    doc.position = docid;
    ++stats_.committed_live;
    if (overlay_ && !overlay_->empty()) {
      TranslogOverlay::MakeUid(doc.type, doc.id, &reading.uid);
      if (!overlay_->KeepCommitted(reading.uid, doc.version)) continue;
    }
    if (stored.parent) {  // 2.x: "<parent type>#<parent id>"
      const size_t hash = stored.parent->find('#');
      doc.parent =
          hash == std::string_view::npos ? *stored.parent : stored.parent->substr(hash + 1);
      doc.has_parent = true;
    } else if (reading.index_has_parents) {
      SL_RETURN_IF_ERROR(parents.Find(meta_.FindMapping(doc.type), docid, doc));
    }
    if (!doc.has_source) ++stats_.source_disabled;
    ++stats_.emitted;
    if (sample.Take(docid)) SL_RETURN_IF_ERROR(sink(doc));
  }
  SL_RETURN_IF_ERROR(cursor.status());
  if (nested_pending > 0) {
    return corruption_at_doc(first_nested_at, first_nested,
                             "stores neither _uid nor _id, and no root document with an id "
                             "follows it in the segment (nested docs precede their root doc)");
  }
  return Status();
}

Status ShardReader::ReadTranslogOnly(const Sink& sink, int64_t limit) {
  if (!overlay_ || overlay_->empty()) return Status();
  const std::vector<int64_t> surviving = overlay_->SurvivingOps();
  if (surviving.empty()) return Status();
  // A second pass over the (small) translog: ops are views into its mapped files.
  SL_ASSIGN_OR_RETURN(
      ShardTranslog translog,
      ShardTranslog::Open(files_.translog_dir, translog_uuid_, translog_generation_));
  Document doc;
  doc.index = meta_.name;
  doc.origin = Document::Origin::kTranslog;
  TranslogOp op;
  int64_t sequence = 0;
  size_t next = 0;
  int64_t sunk = 0;
  for (TranslogReader& reader : translog.generations()) {
    while (next < surviving.size()) {
      SL_ASSIGN_OR_RETURN(const bool more, reader.Next(&op));
      if (!more) break;
      if (sequence++ != surviving[next]) continue;
      ++next;
      doc.file = reader.path();
      doc.position = static_cast<int64_t>(op.offset);
      doc.type = op.type;
      doc.id = op.id;
      doc.version = op.version;
      doc.has_source = true;
      doc.source = op.source;
      doc.has_routing = op.has_routing;
      doc.routing = op.routing;
      doc.has_parent = op.has_parent;
      doc.parent = op.parent;
      const TypeMapping* mapping = meta_.FindMapping(op.type);
      // Ops carry a timestamp even where _timestamp is off; only an enabled mapping stores it.
      doc.has_timestamp = mapping != nullptr && mapping->timestamp_enabled;
      doc.timestamp = op.timestamp;
      doc.has_ttl = mapping != nullptr && mapping->ttl_enabled && op.ttl > 0;
      doc.ttl = op.timestamp + op.ttl;  // stored _ttl is the absolute expiry
      if (mapping != nullptr && !mapping->source_enabled) {
        doc.has_source = false;
        ++stats_.source_disabled;
      }
      ++stats_.emitted;
      if (limit > 0 && sunk++ >= limit) continue;
      if (doc.has_source && mapping != nullptr &&
          (!mapping->source_includes.empty() || !mapping->source_excludes.empty())) {
        // ES serves a translog source filtered, as the committed ones were at index time.
        const SourceFilter filter(mapping->source_includes, mapping->source_excludes);
        Status filtered = filter.FilterToJson(op.source, filtered_source_);
        if (!filtered.ok()) {
          return filtered.WithContext(reader.path() + ": offset " + std::to_string(op.offset) +
                                      " _source");
        }
        doc.source = {reinterpret_cast<const uint8_t*>(filtered_source_.data()),
                      filtered_source_.size()};
      }
      SL_RETURN_IF_ERROR(sink(doc));
    }
  }
  if (next != surviving.size()) {
    return Status::Corruption(files_.translog_dir + ": translog changed while it was read");
  }
  return Status();
}

void ProbeShardCopy(const IndexMetadata& meta, ShardCopy& copy) {
  (void)meta;
  Result<std::vector<io::DirectoryEntry>> files = io::ListDirectory(copy.IndexDir());
  if (!files.ok()) {
    copy.facts.store_readable = false;  // reading it fails later with the reason
    return;
  }
  for (const io::DirectoryEntry& file : *files) copy.facts.store_bytes += file.size;
  lucene::ReadOptions options;
  options.verify_checksums = false;
  Result<lucene::IndexReader> index = lucene::IndexReader::Open(copy.IndexDir(), options);
  if (!index.ok()) {
    copy.facts.store_readable = false;
    copy.facts.docs = 0;
    return;
  }
  copy.facts.docs = index->num_docs();
  Result<io::FileSlice> checkpoint = io::FileSlice::Open(copy.TranslogDir() + "/translog.ckp");
  if (checkpoint.ok()) {
    Result<Checkpoint> parsed = ReadCheckpoint(*checkpoint);
    if (parsed.ok()) copy.facts.docs += parsed->num_ops;
  }
}

}  // namespace shardlift::es5
