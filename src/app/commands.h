// The subcommands of the `shardlift` binary. Each lives in its own cmd_*.cc file and registers
// itself on the top-level CLI11 app; when chosen, its callback stores its exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/printable.h"

namespace shardlift::app {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, failed checks, lost documents
inline constexpr int kExitUsage = 2;    // wrong command line

// Text for the terminal — messages, reports, summaries — with the control characters data may
// carry escaped (base/printable.h): the one way commands print what is not their own constant.
inline void PrintText(std::FILE* out, std::string_view text) {
  std::fputs(PrintableLines(text).c_str(), out);
}
// "error: <message>" on stderr.
inline void PrintError(std::string_view message) {
  PrintText(stderr, "error: " + std::string(message) + "\n");
}

// What the pipeline says while it works goes to stderr, a line each.
inline void SayOnStderr(std::string_view line) { PrintText(stderr, std::string(line) + "\n"); }

// Each command adds itself to `app`; when it runs, it stores its exit code in `exit_code`.
void AddLuceneDumpCommand(CLI::App& app, int& exit_code);
void AddExportCommand(CLI::App& app, int& exit_code);
void AddInspectCommand(CLI::App& app, int& exit_code);
void AddMigrateCommand(CLI::App& app, int& exit_code);
void AddVerifyCommand(CLI::App& app, int& exit_code);
void AddUpgradeCommand(CLI::App& app, int& exit_code);

}  // namespace shardlift::app
