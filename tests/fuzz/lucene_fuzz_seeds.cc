// Writes seed corpora for the lucene_* fuzz targets, taken from the shared fixture indices at
// fuzz time (nothing binary is committed): lucene_fuzz_seeds <shared dir> <output dir>. Target
// lucene_<x> gets <output dir>/lucene_<x>/ with real files laid out as lucene_fuzz_support.h says.
#include <lz4.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "fuzz/lucene_fuzz_support.h"
#include "lucene/compound_reader.h"
#include "lucene/index_reader.h"

namespace {

using namespace shardlift;
namespace fs = std::filesystem;

// Seeds larger than this would slow every fuzzing iteration down.
constexpr size_t kMaxSeedBytes = 256 << 10;
constexpr size_t kChunksPerSegment = 4;

class Corpus {
 public:
  explicit Corpus(fs::path root) : root_(std::move(root)) {}

  void Add(const std::string& target, const std::string& name, const std::vector<uint8_t>& bytes) {
    if (bytes.size() > kMaxSeedBytes) return;
    const fs::path dir = root_ / ("lucene_" + target);
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    ++counts_[target];
  }
  void Report() const {
    for (const auto& [target, count] : counts_) std::cout << target << ": " << count << " seeds\n";
  }

 private:
  fs::path root_;
  std::map<std::string, int> counts_;
};

std::vector<uint8_t> Bytes(ByteView view) { return {view.begin(), view.end()}; }

// The files of segment `name`: directory files named "<name>.*" / "<name>_*", plus compound
// entries under their full names.
std::map<std::string, io::FileSlice> SegmentFiles(const fs::path& dir, const std::string& name,
                                                  const lucene::SegmentId& id) {
  std::map<std::string, io::FileSlice> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with(name + ".") && !file.starts_with(name + "_")) continue;
    if (Result<io::FileSlice> slice = io::FileSlice::Open(entry.path().string()); slice.ok()) {
      files.emplace(file, std::move(*slice));
    }
  }
  if (files.count(name + ".cfe") && files.count(name + ".cfs")) {
    Result<lucene::CompoundReader> compound =
        lucene::CompoundReader::Open(files.at(name + ".cfe"), files.at(name + ".cfs"), id, {});
    if (compound.ok()) {
      for (std::string_view entry : compound->entry_names()) {
        const std::string full = name + std::string(entry);
        if (Result<io::FileSlice> slice = compound->OpenFile(full); slice.ok()) {
          files.emplace(full, std::move(*slice));
        }
      }
    }
  }
  return files;
}

void AddStoredFieldSeeds(Corpus& corpus, const std::string& prefix,
                         lucene::SegmentReader& segment) {
  const lucene::StoredFieldsReader& stored = segment.stored_fields();
  const lucene::StoredFieldsIndex& index = stored.index();
  const uint32_t flags = (stored.mode() == lucene::StoredFieldsMode::kBestCompression ? 1 : 0) |
                         (stored.version() == lucene::kStoredFieldsVersionChunkStats ? 2 : 0);
  lucene::StoredFieldsReader::Cursor cursor(stored);
  for (size_t k = 0; k < index.num_chunks() && k < kChunksPerSegment; ++k) {
    // The chunk with its doc base rewritten to 0, as the target's synthetic .fdx expects.
    io::DataInput in(stored.data());
    in.Seek(index.start(k));
    in.ReadVInt();
    std::vector<uint8_t> chunk = {0};
    const ByteView rest =
        stored.data().bytes().subspan(in.position(), index.end(k) - in.position());
    chunk.insert(chunk.end(), rest.begin(), rest.end());
    corpus.Add("stored_fields_chunk", prefix + "_chunk" + std::to_string(k),
               fuzz::FuzzInputWriter().U32(flags).Rest(chunk).bytes());

    // An LZ4 block of the chunk's documents, compressed by liblz4 (a valid Lucene block).
    std::string docs;
    for (int32_t doc = index.doc_base(k); doc < index.doc_end(k) && cursor.Seek(doc); ++doc) {
      docs.append(reinterpret_cast<const char*>(cursor.bytes().data()), cursor.bytes().size());
    }
    std::vector<uint8_t> block(
        static_cast<size_t>(LZ4_compressBound(static_cast<int>(docs.size()))));
    const int n =
        LZ4_compress_default(docs.data(), reinterpret_cast<char*>(block.data()),
                             static_cast<int>(docs.size()), static_cast<int>(block.size()));
    if (n <= 0) continue;
    block.resize(static_cast<size_t>(n));
    corpus.Add("lz4_block", prefix + "_block" + std::to_string(k),
               fuzz::FuzzInputWriter().U32(static_cast<uint32_t>(docs.size())).Rest(block).bytes());
  }
}

void AddIndex(Corpus& corpus, const fs::path& dir, const std::string& label) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with("segments_")) continue;
    if (Result<io::FileSlice> slice = io::FileSlice::Open(entry.path().string()); slice.ok()) {
      corpus.Add("segment_infos", label + "_" + file, Bytes(slice->bytes()));
    }
  }
  Result<lucene::IndexReader> reader = lucene::IndexReader::Open(dir.string());
  if (!reader.ok()) {
    std::cerr << dir << ": " << reader.status().ToString() << "\n";
    return;
  }
  for (size_t s = 0; s < reader->num_segments(); ++s) {
    lucene::SegmentReader& segment = reader->segment(s);
    const std::string& name = segment.name();
    const std::string prefix = label + name;
    const auto max_doc = static_cast<uint32_t>(segment.max_doc());
    const std::map<std::string, io::FileSlice> files = SegmentFiles(dir, name, segment.commit().id);
    for (const auto& [file, slice] : files) {
      const std::string seed = label + file;
      if (file.ends_with(".si")) corpus.Add("segment_info", seed, Bytes(slice.bytes()));
      if (file.ends_with(".fnm")) corpus.Add("field_infos", seed, Bytes(slice.bytes()));
      if (file.ends_with(".liv")) {
        corpus.Add("live_docs", seed,
                   fuzz::FuzzInputWriter()
                       .U32(max_doc)
                       .U32(static_cast<uint32_t>(segment.commit().del_count))
                       .Rest(Bytes(slice.bytes()))
                       .bytes());
      }
      if (file.ends_with(".cfe") && files.count(name + ".cfs")) {
        corpus.Add("compound", seed,
                   fuzz::FuzzInputWriter()
                       .Bytes(Bytes(slice.bytes()))
                       .Rest(Bytes(files.at(name + ".cfs").bytes()))
                       .bytes());
      }
      if (file.ends_with(".dvm")) {
        const auto data = files.find(file.substr(0, file.size() - 1) + "d");
        if (data == files.end()) continue;
        corpus.Add("doc_values", seed,
                   fuzz::FuzzInputWriter()
                       .U32(max_doc)
                       .Bytes(Bytes(slice.bytes()))
                       .Rest(Bytes(data->second.bytes()))
                       .bytes());
      }
    }
    AddStoredFieldSeeds(corpus, prefix, segment);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: lucene_fuzz_seeds <shared dir> <output dir>\n";
    return 2;
  }
  const fs::path shared = argv[1];
  Corpus corpus(argv[2]);
  const fs::path synth = shared / "fixtures/lucene-synth";
  const fs::path temp = fs::path(argv[2]) / "unzipped";
  for (const auto& entry : fs::directory_iterator(synth)) {
    if (entry.is_directory()) AddIndex(corpus, entry.path(), entry.path().filename().string());
  }
  for (const char* release : {"lucene-5.0.0-nonempty", "lucene-5.2.1-nonempty",
                              "lucene-6.3.0-nonempty", "lucene-6.6.6-nonempty"}) {
    const fs::path into = temp / release;
    fs::create_directories(into);
    const std::string command =
        "unzip -q -o '" +
        (shared / "fixtures/lucene-release" / (std::string(release) + ".zip")).string() + "' -d '" +
        into.string() + "'";
    if (std::system(command.c_str()) == 0) AddIndex(corpus, into, release);
  }
  // Elasticsearch shards: _version NUMERIC and _parent#* SORTED doc values.
  for (const auto& entry : fs::recursive_directory_iterator(shared / "fixtures/es5-synth/single")) {
    if (entry.is_directory() && entry.path().filename() == "index") {
      AddIndex(corpus, entry.path(),
               "es5_" + entry.path().parent_path().parent_path().filename().string() + "_" +
                   entry.path().parent_path().filename().string());
    }
  }
  fs::remove_all(temp);
  corpus.Report();
  return 0;
}
