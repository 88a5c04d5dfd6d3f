// shardlift lucene-dump <lucene-index-dir>: prints every segment and document of the newest commit
// of a Lucene 5.x/6.x index in the lucene-synth dump format (see lucene/index_dump.h).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.h"
#include "lucene/index_dump.h"
#include "lucene/index_reader.h"

namespace shardlift::app {

namespace {

// Unbuffered writes of large pieces straight to a file descriptor.
class FdSink : public lucene::TextSink {
 public:
  explicit FdSink(int fd) : fd_(fd) {}

  Status Write(std::string_view text) override {
    while (!text.empty()) {
      const ssize_t written = ::write(fd_, text.data(), text.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        return Status::IoError(std::string("writing the dump: ") + std::strerror(errno));
      }
      text.remove_prefix(static_cast<size_t>(written));
    }
    return Status();
  }

 private:
  int fd_;
};

struct LuceneDumpOptions {
  std::string directory;
  bool no_verify_checksums = false;
  bool sorted_doc_values = false;
};

int RunLuceneDump(const LuceneDumpOptions& options) {
  lucene::ReadOptions read_options;
  read_options.verify_checksums = !options.no_verify_checksums;
  Result<lucene::IndexReader> reader = lucene::IndexReader::Open(options.directory, read_options);
  Status status = reader.status();
  if (status.ok()) {
    FdSink out(STDOUT_FILENO);
    lucene::DumpOptions dump_options;
    dump_options.sorted_doc_values = options.sorted_doc_values;
    status = lucene::WriteIndexDump(*reader, out, dump_options);
  }
  if (!status.ok()) {
    std::cerr << "shardlift lucene-dump: " << status.ToString() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddLuceneDumpCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LuceneDumpOptions>();
  CLI::App* command = app.add_subcommand(
      "lucene-dump",
      "Print every segment and document of a Lucene 5.x/6.x index directory (newest commit) in "
      "the lucene-synth dump format");
  command->add_option("lucene-index-dir", options->directory, "Directory holding segments_N")
      ->required();
  command->add_flag("--no-verify-checksums", options->no_verify_checksums,
                    "Skip CRC verification of file contents (salvage); footers are still checked");
  command->add_flag(
      "--sorted-dv", options->sorted_doc_values,
      "Also print SORTED doc values (SDV lines, as the Java oracle's dump --sorted-dv)");
  command->callback([options, &exit_code] { exit_code = RunLuceneDump(*options); });
}

}  // namespace shardlift::app
