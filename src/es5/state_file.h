// Elasticsearch MetaDataStateFormat files (`_state/<prefix><N>.st`): framing, checksum and the
// choice of the generation ES itself would load.
//
// Layout (gateway/MetaDataStateFormat): Lucene codec header "state" + int32 format version (0 = ES
// ≤ 2.x, 1 = ES 5.x) + int32 XContentType ordinal [+ int64 legacy state version if format 0],
// then the XContent body, then a Lucene footer whose CRC-32 covers everything before it. Files
// without the `.st` suffix are pre-1.5 "legacy" states: the bare XContent body.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "xcontent/content_type.h"

namespace shardlift::es5 {

// One decoded state file: where its body is and how the body is encoded.
struct StateFile {
  static constexpr int32_t kFormatEs2 = 0;
  static constexpr int32_t kFormatEs5 = 1;
  static constexpr int32_t kFormatLegacy = -1;  // no framing at all (pre-1.5)

  int32_t format_version;
  xcontent::XContentType content_type;  // the header's ordinal (legacy: sniffed)
  io::FileSlice body;  // the XContent bytes; errors in it name the file and absolute offset
};

// Checks the framing and the CRC-32 of a framed (`.st`) state file.
Result<StateFile> ParseStateFile(const io::FileSlice& file);
// A legacy state file: the whole file is the body, its content type sniffed from the first bytes.
Result<StateFile> ParseLegacyStateFile(const io::FileSlice& file);

// A file named `<prefix><generation>[.st]` in some `_state` directory.
struct StateFileRef {
  std::string path;
  int64_t generation = 0;
  bool legacy = false;  // no `.st` suffix
};

// Every state file of `prefix` ("global-", "state-", "node-") in the given `_state` directories
// (missing directories are skipped; one that cannot be read is an error). `.st.tmp` and other
// names are ignored, as ES ignores them.
Result<std::vector<StateFileRef>> ListStateFiles(const std::vector<std::string>& state_dirs,
                                                 std::string_view prefix);

// The files ES's loadLatestState would try, in order: those with the highest generation, legacy
// ones only if every file is legacy (MetaDataStateFormat.loadLatestState).
std::vector<StateFileRef> NewestStateCandidates(const std::vector<StateFileRef>& files);

// Loads the newest state of `prefix` across `state_dirs`: the first candidate whose framing,
// checksum and `parse` succeed wins; ES never falls back to an older generation, and neither do
// we: if every candidate fails, the first failure is returned. NotFound if there is no file; an
// I/O error if a directory cannot be read.
template <typename T>
struct LoadedState {
  T value;
  StateFileRef file;
};
template <typename T>
Result<LoadedState<T>> LoadNewestState(const std::vector<std::string>& state_dirs,
                                       std::string_view prefix,
                                       const std::function<Result<T>(const StateFile&)>& parse);

// Reads one candidate (framed or legacy) and hands its decoded framing to the caller.
Result<StateFile> OpenStateFile(const StateFileRef& ref);

template <typename T>
Result<LoadedState<T>> LoadNewestState(const std::vector<std::string>& state_dirs,
                                       std::string_view prefix,
                                       const std::function<Result<T>(const StateFile&)>& parse) {
  SL_ASSIGN_OR_RETURN(const std::vector<StateFileRef> files, ListStateFiles(state_dirs, prefix));
  const std::vector<StateFileRef> candidates = NewestStateCandidates(files);
  if (candidates.empty()) {
    std::string dirs;
    for (const std::string& dir : state_dirs) dirs += (dirs.empty() ? "" : ", ") + dir;
    return Status::NotFound("no " + std::string(prefix) + "<N>.st state file in " + dirs);
  }
  Status first_error;
  for (const StateFileRef& candidate : candidates) {
    Result<StateFile> file = OpenStateFile(candidate);
    if (file.ok()) {
      Result<T> value = parse(*file);
      if (value.ok()) return LoadedState<T>{std::move(value).value(), candidate};
      if (first_error.ok()) first_error = value.status();
    } else if (first_error.ok()) {
      first_error = file.status();
    }
  }
  return first_error;
}

}  // namespace shardlift::es5
