package shardlift.es56;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import shardlift.es56.Ledger.Ref;

/**
 * The ClearML-like data dir: a live ES 5.6 gets ClearML Server 0.15.1's own index templates (read
 * from TEMPLATES_DIR at run time, never copied), then the requests of a simulated ClearML server
 * ({@link Clearml}): events of every kind routed by task, monthly worker_stats and queue_metrics
 * indices, batches sent twice (overwrites; a log line sent twice is stored twice), tasks reset or
 * deleted (the server's routed delete_by_query, done here as the routed search and bulk delete it
 * is made of: the reindex module that provides _delete_by_query is not in the integ-test-zip),
 * old months synced-flushed as an idle node does, one month's worker_stats deleted. What the last
 * steps write stays in the translog. Finally it writes what the node serves for every document as
 * the expected file (cross-checked like {@link Generator}'s); the caller SIGKILLs the node.
 *
 * <p>Usage: ClearmlGenerator URL SEED SCALE TEMPLATES_DIR EXPECTED_FILE
 */
public final class ClearmlGenerator implements Clearml.Sink {
  /** The last simulated steps (12 h each), written after the last flush. */
  private static final int TAIL_STEPS = 6;
  /** Months of worker statistics kept: older ones are deleted when a month ends. */
  private static final int WORKER_STATS_MONTHS = 2;

  private final Rest rest;
  private final RandomDocs random;
  private final Clearml clearml;
  private final Ledger ledger = new Ledger();
  private final Bulk bulk;
  private final Map<String, Integer> counts = new TreeMap<>();
  private final Map<String, Double> seconds = new TreeMap<>();
  private final TreeSet<String> indices = new TreeSet<>();
  private final List<Clearml.Task> endedTasks = new ArrayList<>();
  private boolean resetDone;
  private List<Clearml.Doc> lastBatch;

  private ClearmlGenerator(String url, long seed, double scale) {
    this.rest = new Rest(url);
    this.random = new RandomDocs(new Random(seed));
    this.clearml = new Clearml(random, scale, TAIL_STEPS);
    this.bulk = new Bulk(rest);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: ClearmlGenerator URL SEED SCALE TEMPLATES_DIR EXPECTED_FILE");
      System.exit(2);
    }
    long seed = Long.parseLong(args[1]);
    double scale = Double.parseDouble(args[2]);
    System.out.println("clearml: seed " + seed + ", scale " + scale);
    new ClearmlGenerator(args[0], seed, scale).run(Path.of(args[3]), Path.of(args[4]));
    System.out.println("READY");
  }

  private void run(Path templates, Path expectedFile) throws IOException {
    long started = System.nanoTime();
    putTemplates(rest, templates);
    clearml.run(this);
    progress("workload done", started);
    Map<String, Long> translog = Ledger.translogOperations(rest);
    List<Neutral.Line> expected = ledger.expectedDocuments(rest);
    for (String overflow : new String[] {"\"value\":1e+39", "\"value\":-1e+39"}) {
      if (expected.stream().noneMatch(line -> line.text().contains(overflow))) {
        throw new IOException("no document holds " + overflow + " (a float ES 7 refuses)");
      }
    }
    Neutral.writeSorted(expected, expectedFile);
    progress(expected.size() + " documents in " + indices.size() + " indices expected, written to "
        + expectedFile, started);
    Map<String, Integer> docs = new TreeMap<>();
    for (Ref ref : ledger.live()) {
      docs.merge(ref.index(), 1, Integer::sum);
    }
    long unflushed = 0;
    for (String index : indices) {
      long operations = translog.getOrDefault(index, 0L);
      unflushed += operations;
      System.out.printf("clearml:   %-75s %6d docs %5d translog ops%n", index,
          docs.getOrDefault(index, 0), operations);
    }
    System.out.println("clearml: operations " + counts);
    System.out.printf("clearml: seconds %s%n", seconds.entrySet().stream()
        .map(e -> String.format("%s=%.1f", e.getKey(), e.getValue())).toList());
    System.out.println("clearml: " + unflushed + " operations only in the translog");
  }

  /** PUTs every template file of the directory under its file name, as ClearML's server does. */
  static void putTemplates(Rest rest, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no *.json templates in " + dir);
    }
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      rest.ok("PUT", "/_template/" + name, Files.readAllBytes(file), "application/json");
    }
  }

  // --- the server's requests ---------------------------------------------------------------

  @Override
  public void events(Clearml.Task task, List<Clearml.Doc> docs) throws IOException {
    long started = System.nanoTime();
    write(docs, true);
    count("events batch", started);
    lastBatch = docs;
    if (random.chance(0.03)) {  // the SDK timed out and sent the batch again
      sendAgain(docs);
    }
  }

  /** A batch sent again: the same ids (new versions), except logs, which get new ids. */
  private void sendAgain(List<Clearml.Doc> docs) throws IOException {
    long started = System.nanoTime();
    List<Clearml.Doc> again = new ArrayList<>();
    for (Clearml.Doc doc : docs) {
      again.add(doc.index().startsWith("events-log-") ? clearml.resentLog(doc) : doc);
    }
    write(again, true);
    count("events batch sent twice", started);
  }

  @Override
  public void stats(List<Clearml.Doc> docs) throws IOException {
    long started = System.nanoTime();
    write(docs, false);
    count(docs.get(0).type().equals("stat") ? "worker report" : "queue metrics", started);
  }

  @Override
  public Clearml.TaskEnd taskEnded(Clearml.Task task) throws IOException {
    if (task.overflowIter >= 0) {
      return Clearml.TaskEnd.KEEP;  // its float overflow must reach the data dir
    }
    long started = System.nanoTime();
    Clearml.TaskEnd end = Clearml.TaskEnd.KEEP;
    if (!resetDone || random.chance(0.03)) {
      end = Clearml.TaskEnd.RESET;
      resetDone = true;
    } else if (random.chance(0.04)) {
      end = Clearml.TaskEnd.DELETE;
    }
    if (end == Clearml.TaskEnd.KEEP) {
      endedTasks.add(task);
    } else {
      deleteTaskEvents(task);
      count(end == Clearml.TaskEnd.RESET ? "task reset" : "task deleted", started);
    }
    return end;
  }

  @Override
  public void monthEnded(String month) throws IOException {
    // An idle shard gets a synced flush after 5 minutes (indices.memory.shard_inactive_time).
    for (String index : indices) {
      if (index.endsWith("_" + month)) {
        long started = System.nanoTime();
        rest.syncedFlush(index);
        count("synced flush", started);
      }
    }
    String expired = "_" + YearMonth.parse(month).minusMonths(WORKER_STATS_MONTHS);
    for (String index : new ArrayList<>(indices)) {
      if (index.startsWith("worker_stats_") && index.endsWith(expired)) {
        long started = System.nanoTime();
        rest.okJson("DELETE", "/" + index, null);
        ledger.forgetIndex(index);
        indices.remove(index);
        count("index deleted", started);
      }
    }
  }

  @Override
  public void stepDone(int done) throws IOException {
    if (done % 20 == 19) {
      System.out.printf("clearml: step %d of %d: %d documents%n", done + 1, Clearml.STEPS,
          ledger.size());
    }
    long started = System.nanoTime();
    if (done == clearml.flushStep()) {
      rest.okJson("POST", "/_flush", null);
      count("flush", started);
      sendAgain(lastBatch);  // new versions of committed documents, only in the translog
    }
    // A user deletes an old experiment, once before the last flush and once after it.
    if ((done == clearml.flushStep() / 2 || done == clearml.flushStep() + 2)
        && !endedTasks.isEmpty()) {
      started = System.nanoTime();
      deleteTaskEvents(endedTasks.remove(random.nextInt(endedTasks.size())));
      count("task deleted", started);
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private void write(List<Clearml.Doc> docs, boolean refresh) throws IOException {
    List<ExactJson> items = bulk.index(docs, refresh);
    for (int i = 0; i < docs.size(); i++) {
      Clearml.Doc doc = docs.get(i);
      ExactJson item = items.get(i);
      String id = ((ExactJson.Str) ExactJson.member(item, "_id")).value();
      ledger.remember(new Ref(doc.index(), doc.type(), id, doc.routing(), null), item);
      indices.add(doc.index());
    }
  }

  /**
   * ClearML's delete_task_events: every event of the task in the company's event indices, found
   * by a search routed by the task, deleted with the same routing.
   */
  private void deleteTaskEvents(Clearml.Task task) throws IOException {
    String pattern = "events-*-" + task.company.id;
    List<Ref> found = bulk.routedSearch(pattern, task.id,
        "{\"term\":{\"task\":\"" + task.id + "\"}}");
    List<Ref> believed = new ArrayList<>();
    for (Ref ref : ledger.live()) {
      if (ref.index().startsWith("events-") && task.id.equals(ref.routing())) {
        believed.add(ref);
      }
    }
    if (found.size() != believed.size()) {
      throw new IOException("task " + task.id + ": the node finds " + found.size()
          + " events, the workload wrote " + believed.size());
    }
    bulk.delete(believed, true);
    believed.forEach(ledger::forget);
  }

  private static void progress(String what, long started) {
    System.out.printf("clearml: %s (%.1f s)%n", what, (System.nanoTime() - started) / 1e9);
  }

  /** Counts an operation that took since {@code started} (System.nanoTime). */
  private void count(String what, long started) {
    counts.merge(what, 1, Integer::sum);
    seconds.merge(what, (System.nanoTime() - started) / 1e9, Double::sum);
  }
}
