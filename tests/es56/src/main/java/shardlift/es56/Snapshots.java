package shardlift.es56;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot repositories as shardlift sources, proven against the real ES 5.6.16: the node writes
 * repositories (incremental snapshots with writes, updates and deletes between them, so later
 * snapshots share blobs with earlier ones; {@code compress: true} with a 1 kB {@code chunk_size},
 * whose parts are not whole pages; a 64 kB {@code chunk_size}, whose parts are; a deleted
 * snapshot; PARTIAL and FAILED snapshots; a 2.4 repository continued by 5.6), then restores every
 * snapshot, and what it serves after each restore is what {@code shardlift export
 * snapshot:<repo>#<snapshot>} must give, document for document (Compare). Shared bwc repositories
 * unzipped by the driver under REPO_ROOT/bwc-* are restored and compared the same way. Also
 * checked: no snapshot name with several snapshots is refused with a list, #latest, the
 * templates of a snapshot's global metadata, PARTIAL and FAILED refused without --allow-partial.
 *
 * <p>Usage: Snapshots URL REPO_ROOT WORK_DIR SHARDLIFT (REPO_ROOT is the node's path.repo; it
 * holds legacy/, a writable copy of the 2.4.0 bwc repository, and bwc-<name>/ read-only ones)
 */
public final class Snapshots {
  private static final List<String> INDICES = List.of("multi", "single", "best");

  private final Rest rest;
  private final Path repoRoot;
  private final Path work;
  private final String shardlift;
  private final Random random = new Random(5616);
  private final List<String> failures = new ArrayList<>();
  private int compared;
  private long documents;

  private Snapshots(String url, Path repoRoot, Path work, String shardlift) {
    this.rest = new Rest(url);
    this.repoRoot = repoRoot;
    this.work = work;
    this.shardlift = shardlift;
  }

  /** A snapshot to restore and export: its repository, name and what to restore of it. */
  private record Case(String repository, String snapshot, boolean partial, String only) {
    Case(String repository, String snapshot) {
      this(repository, snapshot, false, null);
    }

    String spec(Path root) {
      return "snapshot:" + root.resolve(repository) + "#" + snapshot;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: Snapshots URL REPO_ROOT WORK_DIR SHARDLIFT");
      System.exit(2);
    }
    Snapshots run = new Snapshots(args[0], Path.of(args[1]), Path.of(args[2]), args[3]);
    Files.createDirectories(run.work);
    long started = System.nanoTime();
    List<Case> cases = run.write();
    long written = System.nanoTime();
    for (Case c : cases) {
      run.restoreAndCompare(c);
    }
    run.checkSelectionAndStates();
    System.out.printf("snapshots: wrote in %d s, restored and compared %d snapshots (%d documents)"
            + " in %d s%n", TimeUnit.NANOSECONDS.toSeconds(written - started), run.compared,
        run.documents, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - written));
    if (!run.failures.isEmpty()) {
      run.failures.forEach(f -> System.out.println("FAILED: " + f));
      System.exit(1);
    }
  }

  // --- writing ---------------------------------------------------------------------------------

  private List<Case> write() throws IOException {
    List<Case> cases = new ArrayList<>();
    templates();
    createIndices();
    register("incremental", Map.of());
    register("chunked", Map.of("compress", true, "chunk_size", "1kb"));
    register("aligned", Map.of("chunk_size", "64kb"));
    fill("multi", "post", 0, 300, null);
    fill("multi", "note", 0, 120, i -> "r" + (i % 7));
    fill("multi", "comment", 0, 80, i -> String.valueOf(i % 40));  // _parent: post i % 40
    fill("single", "only", 0, 250, null);
    fill("best", "doc", 0, 200, null);
    rest.okJson("POST", "/_flush", "{}");
    snapshot("incremental", "s0", INDICES, Map.of());
    snapshot("incremental", "s1", INDICES, Map.of());
    cases.add(new Case("incremental", "s1"));
    // Updates (version 2), deletes, new documents, then a flush: old segments gain .liv files.
    fill("multi", "post", 0, 300, 3, null);
    StringBuilder deletes = new StringBuilder();
    for (int i = 1; i < 300; i += 11) {
      deletes.append("{\"delete\":{\"_index\":\"multi\",\"_type\":\"post\",\"_id\":\"")
          .append(i).append("\"}}\n");
    }
    rest.ok("POST", "/_bulk?refresh=true", deletes.toString().getBytes(StandardCharsets.UTF_8),
        "application/x-ndjson");
    fill("multi", "post", 300, 340, null);
    fill("single", "only", 0, 250, 5, null);
    rest.okJson("DELETE", "/single/only/7?refresh=true", null);
    rest.okJson("POST", "/_flush", "{}");
    snapshot("incremental", "s2", INDICES, Map.of());
    cases.add(new Case("incremental", "s2"));
    // Unflushed changes and a forcemerge: the snapshot flushes first, so it holds them.
    fill("best", "doc", 200, 220, null);
    rest.okJson("POST", "/best/doc/3/_update?refresh=true", "{\"doc\":{\"title\":\"updated\"}}");
    rest.okJson("POST", "/multi/_forcemerge?max_num_segments=1", null);
    snapshot("incremental", "s3", INDICES, Map.of());
    snapshot("chunked", "c1", INDICES, Map.of());
    snapshot("aligned", "a1", INDICES, Map.of());
    cases.add(new Case("incremental", "s3"));
    cases.add(new Case("chunked", "c1"));
    cases.add(new Case("aligned", "a1"));
    // Deleting a snapshot rewrites the shard file lists and removes blobs only it used.
    rest.okJson("DELETE", "/_snapshot/incremental/s0", null);
    cases.addAll(partialAndFailed());
    cases.addAll(legacy());
    for (Path bwc : bwcRepositories()) {
      String name = bwc.getFileName().toString();
      register(name, Map.of("readonly", true));
      for (String snapshot : snapshotNames(name)) {
        cases.add(new Case(name, snapshot));
      }
    }
    // Restores bring the indices back under their own names.
    rest.okJson("DELETE", "/_all", null);
    return cases;
  }

  private void templates() throws IOException {
    rest.okJson("PUT", "/_template/tpl_a", PyJson.compact(Map.of(
        "template", "a*", "order", 1, "settings", Map.of("number_of_shards", 2),
        "mappings", Map.of("doc", Map.of("properties", Map.of("title", Map.of("type", "text")))),
        "aliases", Map.of("alias_a", Map.of(),
            "alias_f", Map.of("filter", Map.of("term", Map.of("n", 1)), "routing", "r1")))));
    rest.okJson("PUT", "/_template/tpl_b", PyJson.compact(Map.of(
        "template", "b*", "order", 0, "version", 7,
        "settings", Map.of("index.refresh_interval", "5s"))));
  }

  private void createIndices() throws IOException {
    create("multi", Map.of("number_of_shards", 3), Map.of(
        "post", Map.of("properties", Map.of("title", Map.of("type", "text"))),
        "note", Map.of("_routing", Map.of("required", true)),
        "comment", Map.of("_parent", Map.of("type", "post"))));
    create("single", Map.of("number_of_shards", 1, "index.mapping.single_type", true), Map.of());
    create("best", Map.of("number_of_shards", 1, "index.codec", "best_compression"), Map.of(
        "doc", Map.of("properties", Map.of("lines", Map.of("type", "nested")))));
    rest.okJson("POST", "/multi/_alias/multi_alias", null);
  }

  private void create(String index, Map<String, Object> settings, Map<String, Object> mappings)
      throws IOException {
    Map<String, Object> all = new LinkedHashMap<>(settings);
    all.put("number_of_replicas", 0);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("settings", all);
    if (!mappings.isEmpty()) {
      body.put("mappings", mappings);
    }
    rest.okJson("PUT", "/" + index, PyJson.compact(body));
    rest.okJson("GET", "/_cluster/health/" + index + "?wait_for_status=green&timeout=60s", null);
  }

  private void register(String repository, Map<String, Object> settings) throws IOException {
    Map<String, Object> all = new LinkedHashMap<>(settings);
    all.put("location", repoRoot.resolve(repository).toString());
    rest.okJson("PUT", "/_snapshot/" + repository,
        PyJson.compact(Map.of("type", "fs", "settings", all)));
  }

  private void fill(String index, String type, int from, int to,
      java.util.function.IntFunction<String> routing) throws IOException {
    fill(index, type, from, to, 1, routing);
  }

  /** Indexes ids from, from + step, … below to; `routing` gives a routing, or for "comment" the
   *  parent. */
  private void fill(String index, String type, int from, int to, int step,
      java.util.function.IntFunction<String> routing) throws IOException {
    StringBuilder body = new StringBuilder();
    for (int i = from; i < to; i += step) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("_index", index);
      meta.put("_type", type);
      meta.put("_id", String.valueOf(i));
      if (routing != null) {
        meta.put(type.equals("comment") ? "_parent" : "_routing", routing.apply(i));
      }
      body.append(PyJson.compact(Map.of("index", meta))).append('\n');
      body.append(PyJson.compact(doc(i))).append('\n');
    }
    ExactJson response = ExactJson.parse(rest.ok("POST", "/_bulk?refresh=true",
        body.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson").body());
    if (ExactJson.member(response, "errors") instanceof ExactJson.Bool errors && errors.value()) {
      throw new IOException("bulk errors: " + Rest.abbreviate(response.toString()));
    }
  }

  private static final String[] WORDS = {"alpha", "beta", "gamma", "ümlaut", "日本", "x".repeat(40)};

  private Map<String, Object> doc(int i) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("title", words(4));
    doc.put("n", i);
    doc.put("f", PyJson.FloatValue.of(random.nextInt(1_000_000), 3));
    doc.put("big", random.nextLong());
    doc.put("body", words(5 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 100)));
    doc.put("lines", List.of(Map.of("sku", words(1), "qty", random.nextInt(9)),
        Map.of("sku", words(1), "qty", random.nextInt(9))));
    return doc;
  }

  private String words(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }

  private void snapshot(String repository, String name, List<String> indices,
      Map<String, Object> extra) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("indices", String.join(",", indices));
    ExactJson answer = ExactJson.parse(rest.okJson("PUT", "/_snapshot/" + repository + "/" + name
        + "?wait_for_completion=true", PyJson.compact(body)).body());
    System.out.println(repository + "/" + name + ": " + ((ExactJson.Str) ExactJson.member(
        ExactJson.member(answer, "snapshot"), "state")).value());
  }

  /** p1 PARTIAL (an index whose primaries are never allocated, partial: true, no global state),
   *  f1 FAILED (the same without partial: ES 5.6 then writes no shard data at all). */
  private List<Case> partialAndFailed() throws IOException {
    register("partial", Map.of());
    rest.okJson("PUT", "/red?wait_for_active_shards=0", PyJson.compact(Map.of("settings", Map.of(
        "number_of_shards", 2, "number_of_replicas", 0,
        "index.routing.allocation.require._name", "no-such-node"))));
    create("open2", Map.of("number_of_shards", 2), Map.of());
    fill("open2", "doc", 0, 80, null);
    snapshot("partial", "p1", List.of("open2", "red"),
        Map.of("partial", true, "include_global_state", false));
    rest.okJson("PUT", "/red2?wait_for_active_shards=0", PyJson.compact(Map.of("settings", Map.of(
        "number_of_shards", 1, "number_of_replicas", 0,
        "index.routing.allocation.require._name", "no-such-node"))));
    snapshot("partial", "f1", List.of("red2", "open2"), Map.of("include_global_state", false));
    // Restoring "red" would give an index that can never be allocated: only open2 is restored;
    // the export (--allow-partial) holds nothing of red either.
    return List.of(new Case("partial", "p1", true, "open2"));
  }

  /** The 2.4.0 bwc repository continued by 5.6: its index restored, changed, snapshotted again
   *  into the same indices/<name>/ directory, sharing blobs with the 2.4 snapshot. */
  private List<Case> legacy() throws IOException {
    register("legacy", Map.of());
    rest.okJson("POST", "/_snapshot/legacy/test_1/_restore?wait_for_completion=true",
        "{\"indices\":\"index-2.4.0\",\"include_global_state\":false}");
    // Yellow: the 2.4 index asks for a replica, which a single node never allocates.
    rest.okJson("GET", "/_cluster/health/index-2.4.0?wait_for_status=yellow&timeout=60s", null);
    fill("index-2.4.0", "doc", 0, 50, null);
    rest.okJson("DELETE", "/index-2.4.0/doc/60?refresh=true", null);
    rest.okJson("POST", "/_flush", "{}");
    snapshot("legacy", "test_2", List.of("index-2.4.0", "best"), Map.of());
    return List.of(new Case("legacy", "test_1"), new Case("legacy", "test_2"));
  }

  private List<Path> bwcRepositories() throws IOException {
    try (var entries = Files.list(repoRoot)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("bwc-")).sorted().toList();
    }
  }

  private List<String> snapshotNames(String repository) throws IOException {
    List<String> names = new ArrayList<>();
    ExactJson answer =
        ExactJson.parse(rest.okJson("GET", "/_snapshot/" + repository + "/_all", null).body());
    for (ExactJson snapshot : ((ExactJson.Arr) ExactJson.member(answer, "snapshots")).items()) {
      names.add(((ExactJson.Str) ExactJson.member(snapshot, "snapshot")).value());
    }
    return names;
  }

  // --- restoring and comparing -----------------------------------------------------------------

  private void restoreAndCompare(Case c) throws IOException, InterruptedException {
    String label = c.repository() + "#" + c.snapshot();
    ExactJson info = ExactJson.member(ExactJson.parse(rest.okJson("GET",
        "/_snapshot/" + c.repository() + "/" + c.snapshot(), null).body()), "snapshots");
    List<String> indices = new ArrayList<>();
    for (ExactJson index : ((ExactJson.Arr) ExactJson.member(
        ((ExactJson.Arr) info).items().get(0), "indices")).items()) {
      indices.add(((ExactJson.Str) index).value());
    }
    if (c.only() != null) {
      indices = List.of(c.only());
    }
    Map<String, Object> restore = new LinkedHashMap<>();
    restore.put("indices", String.join(",", indices));
    restore.put("include_global_state", false);
    restore.put("include_aliases", false);
    restore.put("partial", c.partial());
    rest.okJson("POST", "/_snapshot/" + c.repository() + "/" + c.snapshot()
        + "/_restore?wait_for_completion=true", PyJson.compact(restore));
    String joined = String.join(",", indices);
    rest.okJson("GET", "/_cluster/health/" + joined + "?wait_for_status=yellow&timeout=60s", null);
    List<Neutral.Line> lines = Recovered.scrollAll(rest, joined);
    Path expected = work.resolve(c.repository() + "-" + c.snapshot() + ".expected.ndjson");
    Neutral.writeSorted(lines, expected);
    rest.okJson("DELETE", "/" + joined, null);
    Path actual = work.resolve(c.repository() + "-" + c.snapshot() + ".export.ndjson");
    List<String> args = new ArrayList<>(List.of("export", "--quiet", "-o", actual.toString()));
    if (c.partial()) {
      args.add("--allow-partial");
    }
    args.add(c.spec(repoRoot));
    Result run = shardlift(args);
    if (run.exit() != 0) {
      failures.add(label + ": shardlift export exited " + run.exit() + ": " + run.stderr());
      return;
    }
    Compare.Outcome outcome = Compare.files(expected, actual);
    System.out.print(label + " (" + lines.size() + " documents restored): " + outcome.report());
    compared++;
    documents += lines.size();
    if (!outcome.same()) {
      failures.add(label + ": the export differs from what ES 5.6 restored");
    }
    if (c.repository().equals("incremental") && c.snapshot().equals("s3")) {
      // #latest is the newest SUCCESS snapshot.
      Path latest = work.resolve("incremental-latest.export.ndjson");
      Result viaLatest = shardlift(List.of("export", "--quiet", "-o", latest.toString(),
          "snapshot:" + repoRoot.resolve("incremental") + "#latest"));
      if (viaLatest.exit() != 0 || !Compare.files(expected, latest).same()) {
        failures.add("incremental#latest is not s3: " + viaLatest.stderr());
      }
    }
  }

  private void checkSelectionAndStates() throws IOException, InterruptedException {
    String incremental = "snapshot:" + repoRoot.resolve("incremental");
    Result unnamed = shardlift(List.of("export", "-o", "/dev/null", incremental));
    expect(unnamed.exit() == 1 && unnamed.stderr().contains("\n  s1  ")
            && unnamed.stderr().contains("\n  s3  ") && unnamed.stderr().contains("name one"),
        "without a name, several snapshots are listed and none is guessed", unnamed);
    expect(!unnamed.stderr().contains("\n  s0  "), "the deleted snapshot s0 is not listed",
        unnamed);
    Result s3 = shardlift(List.of("inspect", "--json", incremental + "#s3"));
    expect(s3.exit() == 0 && s3.stdout().contains("\"tpl_a\"") && s3.stdout().contains("\"tpl_b\""),
        "inspect lists the templates of s3's global metadata", s3);
    String partial = "snapshot:" + repoRoot.resolve("partial");
    Result p1 = shardlift(List.of("inspect", partial + "#p1"));
    expect(p1.exit() == 1 && p1.stderr().contains("PARTIAL") && p1.stderr().contains("red shard 0")
        && p1.stderr().contains("--allow-partial"), "PARTIAL p1 is refused, naming what it lacks",
        p1);
    Result f1 = shardlift(List.of("export", "-o", "/dev/null", partial + "#f1"));
    expect(f1.exit() == 1 && f1.stderr().contains("FAILED"), "FAILED f1 is refused", f1);
    Result f1Partial = shardlift(List.of("export", "-o", "/dev/null", "--allow-partial",
        partial + "#f1"));
    expect(f1Partial.exit() == 0 && f1Partial.stderr().contains("open2 shard 0")
            && f1Partial.stderr().contains("red2 shard 0"),
        "FAILED f1 read with --allow-partial: no shard at all (ES 5.6 wrote none)", f1Partial);
    Result g = shardlift(List.of("inspect", "--json", "--allow-partial", partial + "#p1"));
    expect(g.exit() == 0 && g.stdout().contains("\"templates\": []"),
        "a snapshot without global state has no templates", g);
  }

  /** Records `what` as checked; a failure shows `run` in full. */
  private void expect(boolean ok, String what, Result run) {
    System.out.println((ok ? "ok: " : "FAILED: ") + what);
    if (!ok) {
      failures.add(what + ": exit " + run.exit() + "\n" + run.stdout() + run.stderr());
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  private Result shardlift(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(shardlift);
    command.addAll(args);
    Path out = Files.createTempFile(work, "shardlift", ".out");
    Path err = Files.createTempFile(work, "shardlift", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("shardlift " + args + " did not end in 300 s");
    }
    Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return result;
  }
}
