// Single-thread decode of the _source of every live document in ../shared/bench (bench-speed:
// LZ4, bench-compression: DEFLATE), beside its ceiling measured in the same run: raw
// decompression of the very same chunks by liblz4 / libdeflate / zlib, pre-extracted into memory.
//
//   decode/shardlift   chunk header parse + decompress + per-doc field walk + the _source view
//                      (what export needs), files mmapped and pre-faulted
//     -all-fields      the same, decoding every field (export's loop, which also takes _uid ...)
//     +chunk-crc32     the same, plus a CRC-32 of each chunk's stored bytes while they are hot
//                      (what verifying the .fdt checksum during the walk would cost)
//   ceiling/<library>  decompression only, of the same blocks (each slice of a sliced chunk is
//                      its own block), from one in-memory arena into a reused buffer
//   codec/shardlift    shardlift's decoder alone on the ceiling's blocks (where the gap lies)
//   crc32/fdt          the .fdt checksum that StoredFieldsReader::Open verifies once per file
//   paired/shardlift-vs-ceiling
//                      decode/shardlift and the ceilings timed back to back in every
//                      iteration: `ratio` (shardlift's speed / the ceiling's) is the
//                      target's measure, immune to the machine's drift between rows
//   paired/export-vs-decode
//                      the whole single-thread export (pipeline::Export to /dev/null, data dir
//                      opened each time) against decode/shardlift, paired the same way: `ratio`
//                      is export's speed as a fraction of decode's (whole data sets only)
//
// bytes_per_second counts _source bytes (as corpus.json does) for every row, so MB/s ratios are
// time ratios for the same work; `decompressed_per_s` gives the ceilings in decompressed bytes.
// Totals are checked against corpus.json. bench/run-decode-bench.sh runs this with repetitions
// next to the Java oracle and prints the table. Options (after Google Benchmark's own):
//   --shards=N   read only the first N shards of each data set (CI smoke runs)
#include <benchmark/benchmark.h>
#include <libdeflate.h>
#include <lz4.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "codec/lz4_block.h"
#include "io/crc32.h"
#include "io/data_input.h"
#include "lucene/index_reader.h"
#include "lucene/stored_fields_reader.h"
#include "pipeline/export.h"
#include "pipeline/output_file.h"
#include "support/shared_dir.h"

namespace {

namespace fs = std::filesystem;
using shardlift::ByteView;
using shardlift::Result;
using shardlift::Status;
using shardlift::lucene::IndexReader;
using shardlift::lucene::SegmentReader;
using shardlift::lucene::StoredFieldsMode;
using shardlift::lucene::StoredFieldsReader;

constexpr std::string_view kSourceField = "_source";
constexpr size_t kPageSize = 4096;

// One independently compressed unit: an LZ4 block or a raw DEFLATE stream.
struct Block {
  size_t offset = 0;  // in its arena
  size_t compressed = 0;
  size_t decompressed = 0;
};

struct BlockSet {
  std::vector<uint8_t> arena;
  std::vector<Block> blocks;

  void Add(ByteView compressed, size_t decompressed) {
    blocks.push_back({arena.size(), compressed.size(), decompressed});
    arena.insert(arena.end(), compressed.begin(), compressed.end());
  }
  const uint8_t* data(const Block& block) const { return arena.data() + block.offset; }
};

struct Totals {
  uint64_t docs = 0;
  uint64_t source_bytes = 0;
  bool operator==(const Totals&) const = default;
};

struct DataSet {
  std::string name;  // bench-speed, bench-compression
  fs::path data_dir;
  StoredFieldsMode mode = StoredFieldsMode::kBestSpeed;
  std::vector<IndexReader> shards;
  bool whole = true;  // every shard: totals must equal corpus.json
  Totals totals;      // what one full read yields
  uint64_t fdt_bytes = 0;

  // The ceiling's input: the chunks' blocks as stored (LZ4 or DEFLATE) and, for LZ4, the same
  // decompressed slices re-compressed by liblz4 (used when liblz4 refuses Lucene's blocks).
  BlockSet stored;
  BlockSet lz4_recompressed;
  size_t lz4_accepted = 0;  // stored LZ4 blocks that LZ4_decompress_safe decodes identically
  uint64_t decompressed_bytes = 0;
  size_t max_block = 0;

  bool lz4() const { return mode == StoredFieldsMode::kBestSpeed; }
  bool lz4_compatible() const { return lz4_accepted == stored.blocks.size(); }
};

// How DecodeSources reads a document's fields.
enum class Walk {
  kFindSource,             // Find(_source): headers only up to _source (the measured path)
  kAllFields,              // Next() over every field, as export does to pick up _uid, _routing, ...
  kFindSourceAndChunkCrc,  // kFindSource, plus a CRC-32 of each chunk's stored bytes as it loads
};

// Every live doc of every segment, its _source found by walking the fields. Counts are kept in
// locals and each view's first byte is folded into a checksum (only the total escapes, once per
// segment): a per-document DoNotOptimize would clobber memory and spill the cursor and iterator
// to the stack, which no real reader does.
template <Walk walk>
Status DecodeSources(const DataSet& set, Totals& totals) {
  for (const IndexReader& shard : set.shards) {
    for (size_t s = 0; s < shard.num_segments(); ++s) {
      const SegmentReader& segment = shard.segment(s);
      const shardlift::lucene::FieldInfo* source = segment.core_field_infos().ByName(kSourceField);
      const int32_t source_number = source != nullptr ? source->number : -1;
      const StoredFieldsReader& reader = segment.stored_fields();
      StoredFieldsReader::Cursor cursor(reader);
      size_t crc_chunk = SIZE_MAX;
      uint32_t crc = 0;
      uint64_t docs = 0;
      uint64_t source_bytes = 0;
      uint32_t first_bytes = 0;
      const auto take = [&](ByteView bytes) {
        source_bytes += bytes.size();
        if (!bytes.empty()) first_bytes += bytes[0];
      };
      while (cursor.NextLive(segment.live_docs())) {
        if (walk == Walk::kFindSourceAndChunkCrc && cursor.chunk() != crc_chunk) {
          crc_chunk = cursor.chunk();
          const uint64_t start = reader.index().start(crc_chunk);
          crc = shardlift::io::Crc32(
              reader.data().bytes().subspan(start, reader.index().end(crc_chunk) - start), crc);
        }
        shardlift::lucene::StoredFieldIterator fields = cursor.fields();
        shardlift::lucene::StoredField field;
        if (walk == Walk::kAllFields) {
          while (fields.Next(field)) {
            if (field.number == source_number) take(field.bytes);
          }
          if (!fields.status().ok()) return fields.status();
        } else if (fields.Find(source_number, field)) {
          take(field.bytes);
        } else if (!fields.status().ok()) {
          return fields.status();
        }
        ++docs;
      }
      if (!cursor.status().ok()) return cursor.status();
      benchmark::DoNotOptimize(crc);
      benchmark::DoNotOptimize(first_bytes);
      totals.docs += docs;
      totals.source_bytes += source_bytes;
    }
  }
  return Status();
}

// Cuts the loaded chunk of `cursor` into its blocks (one per slice) and adds them to `set`.
Status AddChunk(DataSet& set, const StoredFieldsReader& reader,
                const StoredFieldsReader::Cursor& cursor, std::vector<uint8_t>& scratch) {
  const ByteView decompressed = cursor.chunk_bytes();
  shardlift::io::DataInput in(reader.data());
  in.SetLimit(reader.index().end(cursor.chunk()));
  in.Seek(cursor.chunk_payload_at());
  const size_t slice_size =
      cursor.chunk_sliced() ? static_cast<size_t>(reader.chunk_size()) : decompressed.size();
  size_t done = 0;
  do {
    const size_t length = std::min(slice_size, decompressed.size() - done);
    ByteView stream;
    if (set.lz4()) {
      // An LZ4 block does not store its length: decoding it tells where it ends.
      scratch.resize(length + shardlift::codec::kLz4OutputSlack);
      const auto r =
          shardlift::codec::Lz4DecodeBlock(in.cursor(), in.remaining(), scratch.data(), length);
      if (!r.ok()) return reader.data().CorruptionAt(in.position() + r.error_offset, r.error);
      stream = in.ReadBytes(r.consumed);
    } else {
      stream = in.ReadBytes(static_cast<uint64_t>(in.ReadVInt()));
    }
    if (!in.ok()) return in.status();
    const ByteView expected = decompressed.subspan(done, length);
    if (length > 0) {
      set.stored.Add(stream, length);
      set.decompressed_bytes += length;
      set.max_block = std::max(set.max_block, length);
    }
    if (set.lz4() && length > 0) {
      scratch.resize(std::max<size_t>(length, LZ4_compressBound(static_cast<int>(length))));
      const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(stream.data()),
                                        reinterpret_cast<char*>(scratch.data()),
                                        static_cast<int>(stream.size()), static_cast<int>(length));
      if (n == static_cast<int>(length) &&
          std::memcmp(scratch.data(), expected.data(), length) == 0) {
        ++set.lz4_accepted;
      }
      const int packed = LZ4_compress_default(
          reinterpret_cast<const char*>(expected.data()), reinterpret_cast<char*>(scratch.data()),
          static_cast<int>(length), static_cast<int>(scratch.size()));
      set.lz4_recompressed.Add(ByteView(scratch.data(), static_cast<size_t>(packed)), length);
    }
    done += length;
  } while (done < decompressed.size());
  if (!in.AtEnd()) return reader.data().CorruptionAt(in.position(), "chunk has trailing bytes");
  return Status();
}

Status ExtractBlocks(DataSet& set) {
  std::vector<uint8_t> scratch;
  for (const IndexReader& shard : set.shards) {
    for (size_t s = 0; s < shard.num_segments(); ++s) {
      const SegmentReader& segment = shard.segment(s);
      StoredFieldsReader::Cursor cursor(segment.stored_fields());
      size_t last_chunk = SIZE_MAX;
      while (cursor.NextLive(segment.live_docs())) {
        if (cursor.chunk() == last_chunk) continue;
        last_chunk = cursor.chunk();
        if (Status status = AddChunk(set, segment.stored_fields(), cursor, scratch); !status.ok()) {
          return status;
        }
      }
      if (!cursor.status().ok()) return cursor.status();
    }
  }
  return Status();
}

// Touches every page of every .fdt, so the timed loops never take a page fault.
uint64_t Prefault(const DataSet& set) {
  uint64_t sum = 0;
  for (const IndexReader& shard : set.shards) {
    for (size_t s = 0; s < shard.num_segments(); ++s) {
      const ByteView bytes = shard.segment(s).stored_fields().data().bytes();
      for (size_t i = 0; i < bytes.size(); i += kPageSize) sum += bytes[i];
    }
  }
  return sum;
}

std::vector<fs::path> ShardIndexDirs(const fs::path& data_dir) {
  // <data>/nodes/<n>/indices/<uuid>/<shard>/index
  std::vector<fs::path> dirs;
  const fs::path nodes = data_dir / "nodes";
  for (const auto& node : fs::directory_iterator(nodes)) {
    if (!fs::is_directory(node.path() / "indices")) continue;
    for (const auto& index : fs::directory_iterator(node.path() / "indices")) {
      if (!index.is_directory()) continue;
      for (const auto& shard : fs::directory_iterator(index.path())) {
        if (fs::is_directory(shard.path() / "index")) dirs.push_back(shard.path() / "index");
      }
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

Result<std::unique_ptr<DataSet>> LoadDataSet(const fs::path& root, size_t max_shards) {
  auto set = std::make_unique<DataSet>();
  set->name = root.filename().string();
  set->data_dir = root / "data";
  nlohmann::json corpus;
  try {
    corpus = nlohmann::json::parse(std::ifstream(root / "corpus.json"));
  } catch (const std::exception& e) {
    return Status::InvalidArgument((root / "corpus.json").string() + ": " + e.what());
  }
  const Totals expected{corpus.value("docs", uint64_t{0}),
                        corpus.value("source_bytes", uint64_t{0})};

  std::vector<fs::path> dirs = ShardIndexDirs(set->data_dir);
  if (dirs.empty()) return Status::NotFound(root.string() + ": no shard index directories");
  if (max_shards != 0 && max_shards < dirs.size()) {
    dirs.resize(max_shards);
    set->whole = false;
  }
  // The decode rows time decoding: every page stays mapped (and is pre-faulted below).
  shardlift::lucene::ReadOptions keep_pages;
  keep_pages.release_read_pages = false;
  for (const fs::path& dir : dirs) {
    SL_ASSIGN_OR_RETURN(IndexReader shard, IndexReader::Open(dir.string(), keep_pages));
    set->shards.push_back(std::move(shard));
  }
  for (const IndexReader& shard : set->shards) {
    for (size_t s = 0; s < shard.num_segments(); ++s) {
      const StoredFieldsReader& fields = shard.segment(s).stored_fields();
      set->mode = fields.mode();
      set->fdt_bytes += fields.data().size();
    }
  }
  SL_RETURN_IF_ERROR(DecodeSources<Walk::kFindSource>(*set, set->totals));
  if (set->whole && set->totals != expected) {
    return Status::Corruption(set->name + ": read " + std::to_string(set->totals.docs) +
                              " docs with " + std::to_string(set->totals.source_bytes) +
                              " _source bytes, corpus.json says " + std::to_string(expected.docs) +
                              " and " + std::to_string(expected.source_bytes));
  }
  SL_RETURN_IF_ERROR(ExtractBlocks(*set));
  benchmark::DoNotOptimize(Prefault(*set));
  return set;
}

// Every row reports _source bytes and docs per CPU second; `units` extra counters.
void Report(benchmark::State& state, const DataSet& set) {
  const auto iterations = static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(set.totals.source_bytes));
  state.counters["docs_per_s"] = benchmark::Counter(
      iterations * static_cast<double>(set.totals.docs), benchmark::Counter::kIsRate);
  state.counters["decompressed_per_s"] =
      benchmark::Counter(iterations * static_cast<double>(set.decompressed_bytes),
                         benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

// One full read, checked against the first one's totals.
template <Walk walk>
Status ReadAll(const DataSet& set) {
  Totals totals;
  SL_RETURN_IF_ERROR(DecodeSources<walk>(set, totals));
  if (totals != set.totals) {
    return Status::Corruption("a read yielded other totals than the first one");
  }
  return Status();
}

template <Walk walk>
void BM_Decode(benchmark::State& state, const DataSet* set) {
  for (auto _ : state) {
    if (Status status = ReadAll<walk>(*set); !status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
  }
  Report(state, *set);
}

// The ceiling's decoders: each decodes one block into `out` and says whether it yielded the
// block's length.
bool Liblz4Safe(const Block& block, const uint8_t* in, uint8_t* out) {
  return LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                             static_cast<int>(block.compressed),
                             static_cast<int>(block.decompressed)) ==
         static_cast<int>(block.decompressed);
}

// LZ4_decompress_safe_partial does not insist on the reference end-of-block rules (last match
// starting >= 12 bytes before the end), so it takes Lucene's blocks as stored.
bool Liblz4Partial(const Block& block, const uint8_t* in, uint8_t* out) {
  const int length = static_cast<int>(block.decompressed);
  return LZ4_decompress_safe_partial(reinterpret_cast<const char*>(in),
                                     reinterpret_cast<char*>(out),
                                     static_cast<int>(block.compressed), length, length) == length;
}

class Libdeflate {
 public:
  Libdeflate() : decompressor_(libdeflate_alloc_decompressor()) {}
  ~Libdeflate() { libdeflate_free_decompressor(decompressor_); }
  Libdeflate(const Libdeflate&) = delete;
  Libdeflate& operator=(const Libdeflate&) = delete;

  bool operator()(const Block& block, const uint8_t* in, uint8_t* out) {
    return libdeflate_deflate_decompress(decompressor_, in, block.compressed, out,
                                         block.decompressed, nullptr) == LIBDEFLATE_SUCCESS;
  }

 private:
  libdeflate_decompressor* decompressor_;
};

// The blocks liblz4's reference decoder takes: Lucene's own when it accepts them all.
const BlockSet& Liblz4Blocks(const DataSet& set) {
  return set.lz4_compatible() ? set.stored : set.lz4_recompressed;
}
const char* Liblz4Label(const DataSet& set) {
  return set.lz4_compatible() ? "Lucene's blocks as stored"
                              : "re-compressed by liblz4 at the same chunking";
}

// Decodes every block of `blocks` into `output`; false when one did not decode to its length.
template <typename Decode>
bool DecodeBlocks(const BlockSet& blocks, Decode&& decode, uint8_t* output) {
  for (const Block& block : blocks.blocks) {
    if (!decode(block, blocks.data(block), output)) return false;
  }
  benchmark::ClobberMemory();
  return true;
}

// Runs `decode` over every block of `blocks` per iteration.
template <typename Decode>
void RunBlocks(benchmark::State& state, const DataSet& set, const BlockSet& blocks,
               Decode&& decode) {
  std::vector<uint8_t> output(set.max_block + shardlift::codec::kLz4OutputSlack);
  for (auto _ : state) {
    if (!DecodeBlocks(blocks, decode, output.data())) {
      state.SkipWithError("a block did not decode to its length");
      return;
    }
  }
  Report(state, set);
}

void BM_Liblz4(benchmark::State& state, const DataSet* set) {
  state.SetLabel(Liblz4Label(*set));
  RunBlocks(state, *set, Liblz4Blocks(*set), Liblz4Safe);
}

void BM_Liblz4Partial(benchmark::State& state, const DataSet* set) {
  state.SetLabel("Lucene's blocks as stored");
  RunBlocks(state, *set, set->stored, Liblz4Partial);
}

void BM_Libdeflate(benchmark::State& state, const DataSet* set) {
  RunBlocks(state, *set, set->stored, Libdeflate());
}

void BM_Zlib(benchmark::State& state, const DataSet* set) {
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
    state.SkipWithError("inflateInit2 failed");
    return;
  }
  RunBlocks(state, *set, set->stored, [&](const Block& block, const uint8_t* in, uint8_t* out) {
    inflateReset(&stream);
    stream.next_in = const_cast<Bytef*>(in);
    stream.avail_in = static_cast<uInt>(block.compressed);
    stream.next_out = out;
    stream.avail_out = static_cast<uInt>(block.decompressed);
    return inflate(&stream, Z_FINISH) == Z_STREAM_END && stream.avail_out == 0;
  });
  inflateEnd(&stream);
}

void BM_OurCodec(benchmark::State& state, const DataSet* set) {
  shardlift::codec::RawInflater inflater;
  RunBlocks(state, *set, set->stored, [&](const Block& block, const uint8_t* in, uint8_t* out) {
    if (set->lz4()) {
      return shardlift::codec::Lz4DecodeBlock(in, block.compressed, out, block.decompressed).ok();
    }
    return inflater.Inflate(in, block.compressed, out, block.decompressed) == nullptr;
  });
}

double ThreadCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// CPU seconds `run` takes; NaN when it fails.
template <typename Run>
double CpuSecondsOf(Run&& run) {
  const double start = ThreadCpuSeconds();
  const bool ok = run();
  return ok ? ThreadCpuSeconds() - start : std::nan("");
}

// One contender of a paired row: a whole pass over the data set, false when it failed.
struct Contender {
  std::string name;
  std::function<bool()> run;
  std::vector<double> seconds = {};  // per iteration
};

// The contenders back to back in every iteration, in rotating order, so all meet the same
// machine: on a shared VM the speed drifts by 10-20% within seconds, which separate rows sample
// differently. Counters: `<name>_MBps` (of _source) for each, and for each entry of `ratios`
// (counter name → contender) the median over the iterations of that contender's time / the first
// contender's time, i.e. the first one's speed as a fraction of the other's.
void RunPaired(benchmark::State& state, const DataSet& set, std::vector<Contender> contenders,
               const std::vector<std::pair<std::string, std::string>>& ratios) {
  size_t iteration = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < contenders.size(); ++i) {
      Contender& c = contenders[(iteration + i) % contenders.size()];
      const double seconds = CpuSecondsOf(c.run);
      if (std::isnan(seconds)) {
        state.SkipWithError(
            (c.name + " failed or yielded other totals than the first read").c_str());
        return;
      }
      c.seconds.push_back(seconds);
    }
    ++iteration;
  }
  const std::vector<double>& first = contenders[0].seconds;
  const double mb =
      static_cast<double>(iteration) * static_cast<double>(set.totals.source_bytes) / 1e6;
  for (const Contender& c : contenders) {
    state.counters[c.name + "_MBps"] =
        mb / std::accumulate(c.seconds.begin(), c.seconds.end(), 0.0);
  }
  for (const auto& [counter, name] : ratios) {
    const auto other = std::find_if(contenders.begin(), contenders.end(),
                                    [&](const Contender& c) { return c.name == name; });
    std::vector<double> per_iteration;
    for (size_t i = 0; i < iteration; ++i) per_iteration.push_back(other->seconds[i] / first[i]);
    std::nth_element(per_iteration.begin(), per_iteration.begin() + per_iteration.size() / 2,
                     per_iteration.end());
    state.counters[counter] = per_iteration[per_iteration.size() / 2];
  }
}

// shardlift's decode against the ceiling: liblz4's reference decoder (on Lucene's blocks
// if it takes them all, else on the same chunks re-compressed by liblz4), or libdeflate. `ratio`
// is shardlift's speed as a fraction of the ceiling's; for LZ4, `ratio_partial` does the same
// against liblz4's partial decoder on Lucene's blocks as stored.
void BM_Paired(benchmark::State& state, const DataSet* set) {
  std::vector<uint8_t> output(set->max_block + shardlift::codec::kLz4OutputSlack);
  Libdeflate libdeflate;
  std::vector<Contender> contenders;
  contenders.push_back({"shardlift", [&] { return ReadAll<Walk::kFindSource>(*set).ok(); }});
  std::vector<std::pair<std::string, std::string>> ratios = {{"ratio", "ceiling"}};
  if (set->lz4()) {
    contenders.push_back(
        {"ceiling", [&] { return DecodeBlocks(Liblz4Blocks(*set), Liblz4Safe, output.data()); }});
    contenders.push_back(
        {"partial", [&] { return DecodeBlocks(set->stored, Liblz4Partial, output.data()); }});
    ratios.emplace_back("ratio_partial", "partial");
  } else {
    contenders.push_back(
        {"ceiling", [&] { return DecodeBlocks(set->stored, libdeflate, output.data()); }});
  }
  RunPaired(state, *set, std::move(contenders), ratios);
}

// What `shardlift export DATA -o /dev/null -p 1` does, in process: open the data dir (state
// files, shard copy choice), then every shard (checksums verified) through the NDJSON lines into
// the output file. Checked against the decode's totals: every document, one line each.
bool ExportAll(const DataSet& set) {
  Result<shardlift::pipeline::Export> source =
      shardlift::pipeline::Export::Open({set.data_dir.native()}, {}, {});
  if (!source.ok()) return false;
  Result<std::unique_ptr<shardlift::pipeline::OutputFile>> output =
      source->OpenOutput("/dev/null", "-o");
  if (!output.ok()) return false;
  const shardlift::pipeline::ExportReport report = source->Run(**output, {});
  return report.stopped.ok() && report.broken.empty() && (*output)->Close().ok() &&
         static_cast<uint64_t>(report.emitted()) == set.totals.docs;
}

// Export against decode: `ratio` is export's speed as a fraction of decode/shardlift's.
void BM_ExportPaired(benchmark::State& state, const DataSet* set) {
  std::vector<Contender> contenders;
  contenders.push_back({"export", [&] { return ExportAll(*set); }});
  contenders.push_back({"decode", [&] { return ReadAll<Walk::kFindSource>(*set).ok(); }});
  RunPaired(state, *set, std::move(contenders), {{"ratio", "decode"}});
}

void BM_Crc32(benchmark::State& state, const DataSet* set) {
  for (auto _ : state) {
    uint32_t crc = 0;
    for (const IndexReader& shard : set->shards) {
      for (size_t s = 0; s < shard.num_segments(); ++s) {
        const ByteView bytes = shard.segment(s).stored_fields().data().bytes();
        crc ^= shardlift::io::Crc32(bytes.first(bytes.size() - 8));
      }
    }
    benchmark::DoNotOptimize(crc);
  }
  Report(state, *set);
  state.counters["fdt_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(set->fdt_bytes),
      benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

void Register(const DataSet* set) {
  const auto add = [&](const std::string& what, void (*fn)(benchmark::State&, const DataSet*)) {
    benchmark::RegisterBenchmark((set->name + "/" + what).c_str(), fn, set)
        ->Unit(benchmark::kMillisecond);
  };
  add("decode/shardlift", BM_Decode<Walk::kFindSource>);
  add("decode/shardlift-all-fields", BM_Decode<Walk::kAllFields>);
  add("decode/shardlift+chunk-crc32", BM_Decode<Walk::kFindSourceAndChunkCrc>);
  if (set->lz4()) {
    add("ceiling/liblz4", BM_Liblz4);
    add("ceiling/liblz4-partial", BM_Liblz4Partial);
  } else {
    add("ceiling/libdeflate", BM_Libdeflate);
    add("ceiling/zlib", BM_Zlib);
  }
  add("codec/shardlift", BM_OurCodec);
  add("paired/shardlift-vs-ceiling", BM_Paired);
  if (set->whole) add("paired/export-vs-decode", BM_ExportPaired);
  add("crc32/fdt", BM_Crc32);
}

std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.starts_with("model name")) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  size_t max_shards = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--shards=")) {
      max_shards = std::stoul(std::string(arg.substr(9)));
    } else {
      std::fprintf(stderr, "unknown option %s (besides Google Benchmark's: --shards=N)\n", argv[i]);
      return 2;
    }
  }
  const fs::path bench_dir = shardlift::testing::SharedPath("bench");
  std::vector<std::unique_ptr<DataSet>> sets;
  for (const char* name : {"bench-speed", "bench-compression"}) {
    const fs::path root = bench_dir / name;
    if (!fs::exists(root / "corpus.json")) {
      std::fprintf(stderr, "SKIPPED %s: shared data missing: %s (set SHARDLIFT_SHARED_DIR)\n", name,
                   root.c_str());
      if (shardlift::testing::SharedDataRequired()) return 1;
      continue;
    }
    Result<std::unique_ptr<DataSet>> set = LoadDataSet(root, max_shards);
    if (!set.ok()) {
      std::fprintf(stderr, "%s: %s\n", name, set.status().ToString().c_str());
      return 1;
    }
    sets.push_back(std::move(*set));
  }
  benchmark::AddCustomContext("cpu_model", CpuModel());
  for (const auto& set : sets) {
    const std::string prefix = set->name + ".";
    benchmark::AddCustomContext(prefix + "docs", std::to_string(set->totals.docs));
    benchmark::AddCustomContext(prefix + "source_bytes", std::to_string(set->totals.source_bytes));
    benchmark::AddCustomContext(prefix + "shards", std::to_string(set->shards.size()) +
                                                       (set->whole ? " (all)" : " (a slice)"));
    benchmark::AddCustomContext(prefix + "fdt_bytes", std::to_string(set->fdt_bytes));
    benchmark::AddCustomContext(prefix + "blocks", std::to_string(set->stored.blocks.size()));
    benchmark::AddCustomContext(prefix + "decompressed_bytes",
                                std::to_string(set->decompressed_bytes));
    if (set->lz4()) {
      benchmark::AddCustomContext(
          prefix + "liblz4",
          std::to_string(set->lz4_accepted) + " of " + std::to_string(set->stored.blocks.size()) +
              " Lucene LZ4 blocks accepted by LZ4_decompress_safe; ceiling = " +
              (set->lz4_compatible() ? "Lucene's blocks as stored"
                                     : "re-compressed by liblz4 at the same chunking"));
    }
    Register(set.get());
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
