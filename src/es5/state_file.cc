#include "es5/state_file.h"

#include <algorithm>
#include <charconv>
#include <system_error>

#include "io/data_input.h"
#include "io/directory.h"
#include "lucene/codec_header.h"

namespace shardlift::es5 {

namespace {

constexpr std::string_view kCodecName = "state";
constexpr std::string_view kStateSuffix = ".st";

// Parses "<prefix><digits>" or "<prefix><digits>.st"; false for anything else.
bool ParseStateFileName(std::string_view name, std::string_view prefix, StateFileRef* ref) {
  if (!name.starts_with(prefix)) return false;
  name.remove_prefix(prefix.size());
  ref->legacy = !name.ends_with(kStateSuffix);
  if (!ref->legacy) name.remove_suffix(kStateSuffix.size());
  if (name.empty()) return false;
  const auto [end, error] =
      std::from_chars(name.data(), name.data() + name.size(), ref->generation);
  return error == std::errc() && end == name.data() + name.size() && ref->generation >= 0;
}

}  // namespace

Result<StateFile> ParseStateFile(const io::FileSlice& file) {
  // The checksum first: a torn or overwritten file is then reported as such, not as whatever
  // its damaged header happens to look like.
  SL_RETURN_IF_ERROR(lucene::CheckFooter(file, /*verify_checksum=*/true));
  io::DataInput in(file);
  const int32_t format_version =
      lucene::ReadCodecHeader(in, kCodecName, StateFile::kFormatEs2, StateFile::kFormatEs5);
  SL_RETURN_IF_ERROR(in.status());
  const uint64_t type_at = in.position();
  const int32_t type = in.ReadInt();
  if (in.ok() && (type < 0 || type > static_cast<int32_t>(xcontent::XContentType::kCbor))) {
    return file.CorruptionAt(type_at, "unknown XContent type " + std::to_string(type) +
                                          " (0 JSON, 1 SMILE, 2 YAML, 3 CBOR)");
  }
  if (format_version == StateFile::kFormatEs2) in.ReadLong();  // legacy state version
  const uint64_t body_at = in.position();
  if (in.ok() && body_at + lucene::kFooterLength > file.size()) {
    in.FailAt(body_at, "header runs into the footer");
  }
  if (!in.ok()) return in.status();
  SL_ASSIGN_OR_RETURN(
      io::FileSlice body,
      file.Sub(body_at, file.size() - lucene::kFooterLength - body_at, "state body"));
  return StateFile{format_version, static_cast<xcontent::XContentType>(type), std::move(body)};
}

Result<StateFile> ParseLegacyStateFile(const io::FileSlice& file) {
  Result<xcontent::XContentType> type = xcontent::DetectXContentType(file.bytes());
  if (!type.ok()) return type.status().WithContext(file.Describe(0));
  return StateFile{StateFile::kFormatLegacy, *type, file};
}

Result<StateFile> OpenStateFile(const StateFileRef& ref) {
  SL_ASSIGN_OR_RETURN(io::FileSlice file, io::FileSlice::Open(ref.path));
  return ref.legacy ? ParseLegacyStateFile(file) : ParseStateFile(file);
}

Result<std::vector<StateFileRef>> ListStateFiles(const std::vector<std::string>& state_dirs,
                                                 std::string_view prefix) {
  std::vector<StateFileRef> files;
  for (const std::string& dir : state_dirs) {
    Result<std::vector<io::DirectoryEntry>> entries = io::ListDirectory(dir);
    if (!entries.ok()) {
      if (entries.status().IsNotFound()) continue;
      return std::move(entries).status();
    }
    for (const io::DirectoryEntry& entry : *entries) {
      // Every kind of file counts: a FIFO or a directory named state-7.st is the newest state
      // and refused when opened, never passed over for an older generation.
      StateFileRef ref;
      if (ParseStateFileName(entry.name, prefix, &ref)) {
        ref.path = dir + "/" + entry.name;
        files.push_back(std::move(ref));
      }
    }
  }
  // Directory order is arbitrary; make the candidate order (and so the messages) reproducible.
  std::sort(files.begin(), files.end(),
            [](const StateFileRef& a, const StateFileRef& b) { return a.path < b.path; });
  return files;
}

std::vector<StateFileRef> NewestStateCandidates(const std::vector<StateFileRef>& files) {
  int64_t max_generation = -1;
  bool all_legacy = true;
  for (const StateFileRef& file : files) {
    max_generation = std::max(max_generation, file.generation);
    all_legacy = all_legacy && file.legacy;
  }
  std::vector<StateFileRef> candidates;
  for (const StateFileRef& file : files) {
    if (file.generation == max_generation && file.legacy == all_legacy) candidates.push_back(file);
  }
  return candidates;
}

}  // namespace shardlift::es5
