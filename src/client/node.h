// Running the Elasticsearch or OpenSearch node that writes the target data directory.
//
// From a home (--target-home): `<home>/bin/elasticsearch` (or `bin/opensearch`) with path.data =
// the target, a private config / logs / tmp dir beside it, HTTP and transport ports the kernel
// picks on 127.0.0.1, single-node discovery and the heap asked for. The home's distribution and
// version decide the variables (ES_* or OPENSEARCH_*, and which one names the JDK) and whether
// security must be switched off (tests/es7/FACTS.md, "The four targets"); the JDK is one the
// version runs on (client/java.h). ES and OpenSearch refuse to run as root, so as root the node
// runs as the uid:gid asked for (upgrade: the source's owner) or else an unprivileged system user
// (created if missing), which then owns the target and the run dir; every directory it needs is
// checked to be within its reach before it starts. Its output goes to <run dir>/logs/stdout.log.
// Stop = SIGTERM, wait (the node flushes), and a loud failure (after SIGKILL) when it does not stop
// in time.
//
// From a Docker image (--target-docker, Elasticsearch images only): the `docker run` command that
// mounts the target as /usr/share/elasticsearch/data (owned by 1000:1000, the image's user),
// publishes the HTTP port on 127.0.0.1 and sets single-node discovery and the heap; stopped with
// `docker stop`.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/subprocess.h"
#include "client/java.h"
#include "translate/target_version.h"

namespace shardlift::client {

// A uid:gid pair: who runs a spawned node, who owns a data dir.
struct Owner {
  uid_t uid = 0;
  gid_t gid = 0;
  bool operator==(const Owner&) const = default;
  // "1000:1000 (elasticsearch)": the numbers, and the user's name when the system knows one.
  std::string ToString() const;
};

// The owner of `path` (not following a final symlink).
Result<Owner> OwnerOf(const std::string& path);
// "UID:GID" or "USER:GROUP" (names looked up) → an Owner; an error saying what was not understood.
Result<Owner> ParseOwner(std::string_view text);
// Gives `root` and everything below it to `owner` (symlinks themselves, not what they point to).
Status ChownTree(const std::string& root, Owner owner);

// The heap of a spawned node when none is given. A home's node runs the parallel collector
// (NodeJvmOptions), which loads as fast in 512 MB as G1 in 1 GB; a Docker image keeps its own
// collector, measured only at 1 GB.
inline constexpr std::string_view kHomeNodeHeap = "512m";
inline constexpr std::string_view kDockerNodeHeap = "1g";

// `heap` as given, or (when empty) the default for a node from a home or, with `docker`, an image.
inline std::string NodeHeap(const std::string& heap, bool docker) {
  return !heap.empty() ? heap : std::string(docker ? kDockerNodeHeap : kHomeNodeHeap);
}

struct NodeOptions {
  std::string home;                   // --es7-home
  std::string image;                  // --es7-docker (empty: home)
  std::string data_dir;               // --target: path.data of the new node
  std::string run_dir;                // config, logs, tmp; default "<data_dir>.run"
  std::string heap;                   // "" = kHomeNodeHeap or kDockerNodeHeap
  std::string user = "shardlift-es";  // who runs the node when we are root and `run_as` is unset
  std::optional<Owner> run_as;        // who runs the node when we are root (never root itself)
  std::string java_home;              // "" = client::FindJava for the home's version
  long start_timeout_ms = 300'000;
  long stop_timeout_ms = 120'000;
  // Set by Ctrl-C: Start stops waiting for the node, stops it and fails.
  const std::atomic<bool>* interrupted = nullptr;

  // The heap the node runs with: `heap`, or the default for how it runs.
  std::string Heap() const { return NodeHeap(heap, !image.empty()); }
};

// What a home runs, from its files: bin/opensearch or bin/elasticsearch, the version of
// lib/<distribution>-<version>.jar, the directories in modules/ and plugins/. An error names the
// home.
Result<translate::TranslationTarget> HomeTarget(const std::string& home);
// The Elasticsearch an image reference names by its tag ("…/elasticsearch:7.6.2"; modules
// unknown); nullopt without a tag, an error for an OpenSearch image or a tag that is no version
// shardlift writes to.
Result<std::optional<translate::TranslationTarget>> ImageTarget(std::string_view image);

// The argv of `docker run` for `options` (pure: unit-tested, as no Docker engine runs here).
std::vector<std::string> DockerRunCommand(const NodeOptions& options, std::string_view name,
                                          int http_port);

// The argv and environment that run `home` (what HomeTarget found there) with the JDK at
// `java_home` ("" = the home's own choice); pure, unit-tested.
struct HomeCommand {
  std::vector<std::string> argv;
  std::vector<std::string> env;
};
HomeCommand HomeRunCommand(const NodeOptions& options, const translate::TranslationTarget& home,
                           int http_port, int transport_port, const std::string& java_home);

// Where a node spawned on `data_dir` keeps its config, logs and tmp when NodeOptions::run_dir is
// not given: "<data_dir>.run".
std::string DefaultRunDir(const std::string& data_dir);

// The spawned node's jvm.options from the home's: gc.log, heap dumps and error files, which the
// home names relative to itself (where the node's user may not write), go to <run_dir>/logs; and
// the collector is the parallel one instead of the home's CMS or G1. A bulk load wants
// throughput, not short pauses: on a 7.6.2 node the parallel collector loads as fast in a 512 MB
// heap as G1 in 1 GB, and keeps less beside the heap (G1's remembered sets and bitmaps alone were
// 57 MB at 640 MB), so the whole node needs about half the memory (README, "Whole job"). The heap
// is not touched in advance (ES turns AlwaysPreTouch on): what a load never fills never becomes
// resident (ClearML 70K: the whole tree 560 MB instead of 789). With a `class_archive`
// (ClassArchive) the JVM maps the classes a node loads from it instead of loading and verifying
// them again.
std::string NodeJvmOptions(std::string_view home_options, const std::string& run_dir,
                           const std::string& class_archive = {});

// The class-data-sharing archive that tests/es7/make-target-home.sh leaves in a home it lays out
// (JDK 13+ dynamic archive, dumped by that home's node at that path after a start and a small
// load): it saves about a third of the node's start-up. The JVM checks that the archive was made
// by its own build from the same class path, and runs without it (Xshare:auto) when not.
inline constexpr std::string_view kClassArchiveName = "shardlift-classes.jsa";
// The archive in `home` for a node on Java `java_major` (0: unknown); "" when there is none, or
// the Java predates dynamic archives.
std::string ClassArchive(const std::string& home, int java_major);

// A port on 127.0.0.1 that was free a moment ago (the kernel's choice).
Result<int> FreeLoopbackPort();

// Who a node spawned from a home runs as: as root `run_as`, else `user` (created if missing);
// not as root, ourselves.
Result<Owner> NodeIdentity(const NodeOptions& options);
// OK when `who` may search every directory from / down to `path` (by the mode bits: the node runs
// with no supplementary groups); else one line naming the directory that stops it and the fix.
// `node` names the node ("Elasticsearch 7.6.2"), `what` the path ("the target", "its home").
Status CheckReachable(const std::string& path, Owner who, std::string_view node,
                      std::string_view what);
// What starting a node from `options.home` needs, checked before anything is written: a Java its
// version runs on (FindJava, unless options.java_home names one) and every directory it needs —
// the home, Java, the data dir, the run dir — within reach of the user it runs as. The Java.
Result<JavaChoice> CheckHomeCanRun(const NodeOptions& options);

class TargetNode {
 public:
  // Starts the node and waits until it answers with yellow health.
  static Result<std::unique_ptr<TargetNode>> Start(const NodeOptions& options);
  ~TargetNode();

  const std::string& url() const { return url_; }
  const std::string& log_file() const { return log_file_; }
  // The Java it runs on (empty for docker, or a home on its own JDK).
  const JavaChoice& java() const { return java_; }
  // Graceful stop; an error when it had to be killed or had already died.
  Status Stop();
  // The last lines of the node's log, for error messages.
  std::string LogTail(size_t lines = 30) const;

 private:
  TargetNode(NodeOptions options) : options_(std::move(options)) {}
  Status Launch(int http_port, int transport_port);
  Status WaitUntilUp();
  bool Exited();

  NodeOptions options_;
  std::optional<Subprocess> process_;
  std::optional<ExitStatus> exit_;  // once it has ended
  std::string url_;
  std::string log_file_;
  std::string container_;  // docker: the container name
  std::string name_;       // "OpenSearch 2.19.1", for messages
  JavaChoice java_;
};

}  // namespace shardlift::client
