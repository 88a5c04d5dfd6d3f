package shardlift.es56;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large ClearML-shaped data dir for benchmarks, written through a live ES 5.6: the documents of
 * {@link Clearml} at a large scale, on ClearML 0.15.1's templates, sent in big bulk requests, two
 * at a time, with no refresh of its own. Every document is new (no task is reset or deleted, no
 * batch sent twice), so the totals are known without asking for every document back: the node's
 * {@code _count} must equal the documents written, and the _source bytes are the bytes sent (ES
 * stores a JSON source as it arrives). Flushes as {@link ClearmlGenerator} does (a month's
 * statistics indices synced-flushed when it ends, everything before the last simulated days), so
 * those days stay in the translog when the caller SIGKILLs the node. Writes CORPUS_FILE as the
 * shared bench data sets' corpus.json: {"docs", "source_bytes", "mode", ...}.
 *
 * <p>Usage: ClearmlLarge URL SEED SCALE TEMPLATES_DIR CORPUS_FILE
 */
public final class ClearmlLarge implements Clearml.Sink {
  private static final int BULK_BYTES = 8 << 20;
  private static final int IN_FLIGHT = 2;
  private static final int TAIL_STEPS = 6;

  private final Bulk bulk;
  private final Rest rest;
  private final Clearml clearml;
  private final ExecutorService senders = Executors.newFixedThreadPool(IN_FLIGHT);
  private final Semaphore slots = new Semaphore(IN_FLIGHT + 1);
  private final List<Future<?>> pending = new ArrayList<>();
  private final Set<String> indices = new TreeSet<>();
  private final AtomicLong docs = new AtomicLong();
  private final AtomicLong sourceBytes = new AtomicLong();
  private List<Clearml.Doc> batch = new ArrayList<>();
  private long batchBytes;
  private final long started = System.nanoTime();

  private ClearmlLarge(String url, long seed, double scale) {
    this.rest = new Rest(url);
    this.bulk = new Bulk(rest);
    this.clearml = new Clearml(new RandomDocs(new Random(seed)), scale, TAIL_STEPS);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: ClearmlLarge URL SEED SCALE TEMPLATES_DIR CORPUS_FILE");
      System.exit(2);
    }
    long seed = Long.parseLong(args[1]);
    double scale = Double.parseDouble(args[2]);
    System.out.println("clearml-large: seed " + seed + ", scale " + scale);
    ClearmlLarge large = new ClearmlLarge(args[0], seed, scale);
    try {
      large.run(seed, scale, Path.of(args[3]), Path.of(args[4]));
    } finally {
      large.senders.shutdownNow();
    }
    System.out.println("READY");
  }

  private void run(long seed, double scale, Path templates, Path corpusFile) throws Exception {
    ClearmlGenerator.putTemplates(rest, templates);
    clearml.run(this);
    send();
    finish(true);
    senders.shutdown();
    senders.awaitTermination(1, TimeUnit.MINUTES);
    progress("all documents written");
    rest.okJson("POST", "/_refresh", null);
    ExactJson count = ExactJson.parse(rest.okJson("GET", "/_count", null).body());
    long counted = ((ExactJson.Int) ExactJson.member(count, "count")).value().longValueExact();
    if (counted != docs.get()) {
      throw new IOException("the node counts " + counted + " documents, " + docs.get()
          + " were written");
    }
    Map<String, Long> translog = Ledger.translogOperations(rest);
    long unflushed = translog.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Object> corpus = new LinkedHashMap<>();
    corpus.put("docs", docs.get());
    corpus.put("source_bytes", sourceBytes.get());
    corpus.put("mode", "clearml-large");
    corpus.put("indices", translog.size());
    corpus.put("translog_operations", unflushed);
    corpus.put("seed", seed);
    corpus.put("scale", PyJson.FloatValue.of(Math.round(scale * 1000), 3));
    Files.writeString(corpusFile, PyJson.compact(corpus) + "\n", StandardCharsets.UTF_8);
    progress(String.format("%d documents, %.1f MB of _source in %d indices, %d operations only "
        + "in the translog; %s", docs.get(), sourceBytes.get() / 1e6, translog.size(), unflushed,
        corpusFile));
  }

  @Override
  public void events(Clearml.Task task, List<Clearml.Doc> docs) throws IOException {
    add(docs);
  }

  @Override
  public void stats(List<Clearml.Doc> docs) throws IOException {
    add(docs);
  }

  @Override
  public Clearml.TaskEnd taskEnded(Clearml.Task task) {
    return Clearml.TaskEnd.KEEP;
  }

  @Override
  public void monthEnded(String month) throws IOException {
    send();
    finish(true);
    for (String index : indices) {
      if (index.endsWith("_" + month)) {
        rest.syncedFlush(index);
      }
    }
  }

  @Override
  public void stepDone(int step) throws IOException {
    if (step == clearml.flushStep()) {
      send();
      finish(true);
      rest.okJson("POST", "/_flush", null);
    }
    if (step % 20 == 19) {
      progress(String.format("step %d of %d: %d documents, %.1f MB of _source", step + 1,
          Clearml.STEPS, docs.get(), sourceBytes.get() / 1e6));
    }
  }

  private void add(List<Clearml.Doc> docs) throws IOException {
    for (Clearml.Doc doc : docs) {
      indices.add(doc.index());
      batch.add(doc);
      batchBytes += doc.source().length();
    }
    if (batchBytes >= BULK_BYTES) {
      send();
    }
  }

  /** Hands the current batch to a sender; waits while IN_FLIGHT requests and one more wait. */
  private void send() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<Clearml.Doc> request = batch;
    batch = new ArrayList<>();
    batchBytes = 0;
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    finish(false);
    pending.add(senders.submit(() -> {
      try {
        for (ExactJson item : bulk.index(request, false)) {
          if (!(ExactJson.member(item, "result") instanceof ExactJson.Str result)
              || !result.value().equals("created")) {
            throw new IOException("a document was not new: " + item);
          }
        }
        long bytes = 0;
        for (Clearml.Doc doc : request) {
          bytes += doc.source().getBytes(StandardCharsets.UTF_8).length;
        }
        docs.addAndGet(request.size());
        sourceBytes.addAndGet(bytes);
        return null;
      } finally {
        slots.release();
      }
    }));
  }

  /** Forgets finished requests (all of them: waits), rethrowing a failure. */
  private void finish(boolean all) throws IOException {
    for (Iterator<Future<?>> it = pending.iterator(); it.hasNext(); ) {
      Future<?> request = it.next();
      if (all || request.isDone()) {
        try {
          request.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IOException("a bulk request failed", e.getCause());
        }
        it.remove();
      }
    }
  }

  private void progress(String what) {
    System.out.printf("clearml-large: %s (%.0f s)%n", what, (System.nanoTime() - started) / 1e9);
  }
}
