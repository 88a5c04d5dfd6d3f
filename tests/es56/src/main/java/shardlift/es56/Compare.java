package shardlift.es56;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares an export (or any file in the neutral format) with an expected file, documents keyed by
 * (index, type, id), as ../shared/README.md prescribes. Exit 0 when both hold exactly the same
 * documents, 1 when they differ, 2 when a file cannot be read; the first differences are printed.
 *
 * <p>Usage: Compare EXPECTED ACTUAL
 */
public final class Compare {
  private static final int SHOWN = 25;

  /** What a comparison found: counts, and a line for every difference. */
  record Outcome(int expected, int equal, int differ, int missing, int unexpected,
      List<String> problems) {
    boolean same() {
      return problems.isEmpty();
    }

    /** The counts, then the first differences, a line each. */
    String report() {
      StringBuilder out = new StringBuilder(String.format(
          "compare: expected %d docs: %d equal, %d differ, %d missing, %d unexpected%n",
          expected, equal, differ, missing, unexpected));
      problems.stream().limit(SHOWN).forEach(p -> out.append("  ").append(p).append('\n'));
      if (problems.size() > SHOWN) {
        out.append("  ... and ").append(problems.size() - SHOWN).append(" more\n");
      }
      return out.toString();
    }
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: Compare EXPECTED ACTUAL");
      System.exit(2);
    }
    Outcome outcome;
    try {
      outcome = files(Path.of(args[0]), Path.of(args[1]));
    } catch (IOException e) {
      System.out.println("compare: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.print(outcome.report());
    System.exit(outcome.same() ? 0 : 1);
  }

  /** Compares the documents of two files (either format). */
  static Outcome files(Path expectedFile, Path actualFile) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Neutral.Doc> expected = load(expectedFile, problems);
    Map<String, Neutral.Doc> actual = load(actualFile, problems);
    int equal = 0;
    int differ = 0;
    int missing = 0;
    for (Neutral.Doc want : expected.values()) {
      Neutral.Doc got = actual.remove(want.key());
      if (got == null) {
        missing++;
        problems.add("missing " + want.key());
        continue;
      }
      String difference = difference(want, got);
      if (difference == null) {
        equal++;
      } else {
        differ++;
        problems.add("differs " + want.key() + ": " + difference);
      }
    }
    for (Neutral.Doc extra : actual.values()) {
      problems.add("unexpected " + extra.key());
    }
    return new Outcome(expected.size(), equal, differ, missing, actual.size(), problems);
  }

  private static Map<String, Neutral.Doc> load(Path path, List<String> problems)
      throws IOException {
    Map<String, Neutral.Doc> docs = new LinkedHashMap<>();
    try (BufferedReader in = Neutral.open(path)) {
      String line;
      for (int number = 1; (line = in.readLine()) != null; number++) {
        if (line.isBlank()) {
          continue;
        }
        Neutral.Doc doc;
        try {
          doc = Neutral.parse(line);
        } catch (IOException | RuntimeException e) {
          throw new IOException(path + ":" + number + ": " + e.getMessage(), e);
        }
        if (docs.put(doc.key(), doc) != null) {
          problems.add("duplicate " + doc.key() + " in " + path + ":" + number);
        }
      }
    }
    return docs;
  }

  private static String difference(Neutral.Doc want, Neutral.Doc got) {
    if (!Objects.equals(want.routing(), got.routing())) {
      return "routing " + got.routing() + ", expected " + want.routing();
    }
    if (!Objects.equals(want.parent(), got.parent())) {
      return "parent " + got.parent() + ", expected " + want.parent();
    }
    if (want.version() != got.version()) {
      return "version " + got.version() + ", expected " + want.version();
    }
    if (want.source() == null || got.source() == null) {
      return want.source() == got.source() ? extraDifference(want, got)
          : want.source() == null ? "has a source, expected none (_source disabled)"
                                  : "no source";
    }
    String difference = ExactJson.firstDifference(want.source(), got.source(), "source");
    return difference != null ? difference : extraDifference(want, got);
  }

  // Fields beyond the usual ones (2.x "timestamp"/"ttl") must match too, both ways.
  private static String extraDifference(Neutral.Doc want, Neutral.Doc got) {
    if (!want.extra().keySet().equals(got.extra().keySet())) {
      return "fields " + got.extra().keySet() + ", expected " + want.extra().keySet();
    }
    for (Map.Entry<String, ExactJson> field : want.extra().entrySet()) {
      String difference = ExactJson.firstDifference(
          field.getValue(), got.extra().get(field.getKey()), field.getKey());
      if (difference != null) {
        return difference;
      }
    }
    return null;
  }
}
