#include <CLI/CLI.hpp>

#include "app/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "shardlift: read cold Elasticsearch 5.x / 2.x data directories and move every document "
      "into Elasticsearch 7, without running Elasticsearch 5"};
  app.set_version_flag("--version", "shardlift 0.1.0");
  app.require_subcommand(0, 1);
  int exit_code = shardlift::app::kExitOk;
  shardlift::app::AddLuceneDumpCommand(app, exit_code);
  shardlift::app::AddInspectCommand(app, exit_code);
  shardlift::app::AddExportCommand(app, exit_code);
  shardlift::app::AddMigrateCommand(app, exit_code);
  shardlift::app::AddVerifyCommand(app, exit_code);
  shardlift::app::AddUpgradeCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message; --help and --version are its "errors" with code 0.
    return app.exit(error) == 0 ? shardlift::app::kExitOk : shardlift::app::kExitUsage;
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return shardlift::app::kExitUsage;
  }
  return exit_code;
}
