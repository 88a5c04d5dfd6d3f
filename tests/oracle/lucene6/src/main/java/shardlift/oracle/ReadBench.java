package shardlift.oracle;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * Times reading every stored field of every live document the two ways Lucene 6.6 can:
 *
 * <ul>
 *   <li>per-document: {@code IndexReader.document(doc, visitor)} for each doc, the path an
 *       Elasticsearch 5 scroll takes (each call decompresses the doc's chunk again);
 *   <li>merge-instance: the codec's {@code StoredFieldsReader.getMergeInstance()} visiting the
 *       docs of each segment in order (each chunk is decompressed once), as merges do.
 * </ul>
 *
 * Throughput counts the bytes of {@code _source}, as shared/bench/*&#47;corpus.json does, with
 * 1 MB = 10^6 bytes; the time is the median of the timed repetitions after the warmup ones. The
 * reading thread's CPU time is reported beside the wall time: on a shared machine it is the
 * steadier figure.
 */
final class ReadBench {
  private static final String SOURCE = "_source";

  private final List<Path> dirs;
  private final int warmup;
  private final int reps;

  ReadBench(List<Path> dirs, int warmup, int reps) {
    this.dirs = dirs;
    this.warmup = warmup;
    this.reps = reps;
  }

  /** Runs the {@code path} asked for ("per-document", "merge-instance" or "both"). */
  void run(String path) throws IOException {
    List<DirectoryReader> readers = new ArrayList<>();
    try {
      for (Path dir : dirs) readers.add(DirectoryReader.open(FSDirectory.open(dir)));
      if (!path.equals("merge-instance")) measure("per-document", readers);
      if (!path.equals("per-document")) measure("merge-instance", readers);
    } finally {
      for (DirectoryReader reader : readers) reader.close();
    }
  }

  private void measure(String path, List<DirectoryReader> readers) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Totals first = null;
    double[] seconds = new double[reps];
    double[] cpuSeconds = new double[reps];
    for (int run = 0; run < warmup + reps; run++) {
      Totals totals = new Totals();
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      for (DirectoryReader reader : readers) {
        if (path.equals("per-document")) {
          readPerDocument(reader, totals);
        } else {
          readWithMergeInstance(reader, totals);
        }
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      long elapsed = System.nanoTime() - start;
      if (first == null) first = totals;
      if (!totals.equals(first)) throw new IllegalStateException("runs read different totals");
      if (run >= warmup) {
        seconds[run - warmup] = elapsed / 1e9;
        cpuSeconds[run - warmup] = cpu / 1e9;
      }
    }
    double median = median(seconds);
    double cpuMedian = median(cpuSeconds);
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"path\":\"%s\",\"dirs\":%d,\"docs\":%d,\"source_bytes\":%d,\"stored_bytes\":%d,"
                + "\"warmup\":%d,\"reps\":%d,\"median_s\":%.4f,\"min_s\":%.4f,\"max_s\":%.4f,"
                + "\"source_mb_per_s\":%.1f,\"docs_per_s\":%.0f,\"median_cpu_s\":%.4f,"
                + "\"source_mb_per_cpu_s\":%.1f,\"docs_per_cpu_s\":%.0f}",
            path, dirs.size(), first.docs, first.sourceBytes, first.storedBytes, warmup, reps,
            median, seconds[0], seconds[reps - 1], first.sourceBytes / 1e6 / median,
            first.docs / median, cpuMedian, first.sourceBytes / 1e6 / cpuMedian,
            first.docs / cpuMedian));
  }

  /** Sorts {@code values} and returns their median. */
  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  /** The ES 5 fetch path: one top-level document() call per live doc, in doc id order. */
  private static void readPerDocument(DirectoryReader reader, Totals totals) throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      Bits live = leaf.reader().getLiveDocs();
      for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
        if (live != null && !live.get(doc)) continue;
        reader.document(leaf.docBase + doc, totals);
        totals.docs++;
      }
    }
  }

  private static void readWithMergeInstance(DirectoryReader reader, Totals totals)
      throws IOException {
    for (LeafReaderContext leaf : reader.leaves()) {
      CodecReader segment = (CodecReader) leaf.reader();
      StoredFieldsReader fields = segment.getFieldsReader().getMergeInstance();
      Bits live = segment.getLiveDocs();
      for (int doc = 0; doc < segment.maxDoc(); doc++) {
        if (live != null && !live.get(doc)) continue;
        fields.visitDocument(doc, totals);
        totals.docs++;
      }
    }
  }

  /** Visits every stored field and adds up what it saw. */
  private static final class Totals extends StoredFieldVisitor {
    long docs;
    long sourceBytes;
    long storedBytes;

    @Override
    public Status needsField(FieldInfo field) {
      return Status.YES;
    }

    @Override
    public void binaryField(FieldInfo field, byte[] value) {
      storedBytes += value.length;
      if (field.name.equals(SOURCE)) sourceBytes += value.length;
    }

    @Override
    public void stringField(FieldInfo field, byte[] value) {
      storedBytes += value.length;
    }

    @Override
    public void intField(FieldInfo field, int value) {
      storedBytes += Integer.BYTES;
    }

    @Override
    public void longField(FieldInfo field, long value) {
      storedBytes += Long.BYTES;
    }

    @Override
    public void floatField(FieldInfo field, float value) {
      storedBytes += Float.BYTES;
    }

    @Override
    public void doubleField(FieldInfo field, double value) {
      storedBytes += Double.BYTES;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Totals)) return false;
      Totals that = (Totals) other;
      return docs == that.docs && sourceBytes == that.sourceBytes && storedBytes == that.storedBytes;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(docs * 31 + sourceBytes);
    }
  }
}
