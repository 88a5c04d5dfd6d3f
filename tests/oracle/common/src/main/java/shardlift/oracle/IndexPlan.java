package shardlift.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;

/**
 * Every choice about one randomized index that is made before its first document: codec mode,
 * compound files, the field schema, doc values, how often to delete, update, flush, commit and
 * merge, and (6.x) the index sort. Drawn from the seed alone, so a seed names an index.
 */
final class IndexPlan {
  enum Kind {
    STRING,
    BYTES,
    INT,
    LONG,
    FLOAT,
    DOUBLE
  }

  /** A stored field: its usual kind, how often a doc has it and how many values at most. */
  static final class StoredFieldSpec {
    final String name;
    final Kind kind;
    final double presence;
    final int maxValues;

    StoredFieldSpec(String name, Kind kind, double presence, int maxValues) {
      this.name = name;
      this.kind = kind;
      this.presence = presence;
      this.maxValues = maxValues;
    }
  }

  /** The value distributions that steer Lucene54's NUMERIC encodings. */
  enum Shape {
    CONST, // one value: CONST
    GCD, // base + k * gcd: GCD
    TABLE, // a few distinct values: TABLE
    DELTA, // a narrow range: DELTA with few bits
    WIDE, // anything, incl. MIN/MAX: DELTA with 64 bits
    VERSION // small positive counters, like Elasticsearch's _version
  }

  /** A NUMERIC doc-values field; a low presence makes Lucene54 pick SPARSE. */
  static final class NumericSpec {
    final String name;
    final Shape shape;
    final double presence;
    private final long base;
    private final long step;
    private final int bits;
    private final long[] table;

    NumericSpec(String name, Shape shape, double presence, Random random) {
      this.name = name;
      this.shape = shape;
      this.presence = presence;
      this.base = random.nextBoolean() ? random.nextInt() : random.nextLong() >> random.nextInt(64);
      this.step = new long[] {2, 3, 1000, 86_400_000L, 1 << 20, 999_983}[random.nextInt(6)];
      this.bits = 1 + random.nextInt(40);
      long[] edges = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 100_000, 3, -5, 7};
      this.table = new long[2 + random.nextInt(24)];
      for (int i = 0; i < table.length; i++) {
        table[i] = random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextLong();
      }
    }

    long value(Random random) {
      switch (shape) {
        case CONST:
          return base;
        case GCD:
          // Many distinct multiples, or Lucene prefers TABLE.
          return base + step * random.nextInt(1 << (10 + bits % 12));
        case TABLE:
          return table[random.nextInt(table.length)];
        case DELTA:
          return base + (random.nextLong() >>> (64 - bits));
        case WIDE:
          return random.nextBoolean() ? table[random.nextInt(table.length)] : random.nextLong();
        case VERSION:
        default:
          return random.nextInt(4) == 0 ? 1 + random.nextInt(1000) : 1;
      }
    }
  }

  /** A SORTED doc-values field over a vocabulary of byte strings (the empty one included). */
  static final class SortedSpec {
    final String name;
    final double presence;
    final byte[][] vocabulary;

    SortedSpec(String name, double presence, Random random) {
      this.name = name;
      this.presence = presence;
      int[] sizes = {1, 3, 50, 2000};
      vocabulary = new byte[sizes[random.nextInt(sizes.length)]][];
      for (int i = 0; i < vocabulary.length; i++) {
        vocabulary[i] = new byte[random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(40)];
        random.nextBytes(vocabulary[i]);
      }
    }
  }

  private static final String[] STORED_NAMES = {
    "_source", "_uid", "_routing", "_parent", "title", "body", "count", "timestamp", "score",
    "ratio", "blob", "tags", "名前", "ünïcødé", "field with spaces", "x", "a.b.c",
    "a_rather_long_field_name_that_goes_on_and_on_for_a_while_0123456789"
  };

  static final String KEYWORD_FIELD = "kw";
  static final String BINARY_DV_FIELD = "bdv";
  static final String SORTED_SET_DV_FIELD = "ssdv";
  static final String SORTED_NUMERIC_DV_FIELD = "sndv";
  static final String POINT_FIELD = "pt";
  private static final String SORT_FIELD = "sort_long";

  final boolean bestCompression;
  final WriteOptions.Compound compound;
  final int numDocs;
  final long valueBudget;
  final List<StoredFieldSpec> storedFields = new ArrayList<>();
  final double otherKindRate; // chance that a value is not of its field's usual kind
  final double hugeValueRate; // values of 128 KB and more, which slice chunks
  final double noStoredFieldsRate;
  final int noStoredRunStart;
  final int noStoredRunLength; // a run of docs without stored fields, whole chunks of them
  final boolean keywordField; // stored and indexed
  final boolean termVectors;
  final List<NumericSpec> numericFields = new ArrayList<>();
  final List<SortedSpec> sortedFields = new ArrayList<>();
  final boolean binaryDv;
  final boolean sortedSetDv;
  final boolean sortedNumericDv;
  final boolean points;
  final double deleteRate;
  final double burstDeleteRate;
  final double replaceRate;
  final double dvUpdateRate;
  final int maxBufferedDocs;
  final double flushRate;
  final double commitRate;
  final boolean logDocMergePolicy; // else tiered, unless noMerges
  final boolean noMerges;
  final int mergeFactor;
  final double noCompoundRatio; // of merged segments (MergePolicy.setNoCFSRatio)
  final int forceMergeSegments; // 0 = no forceMerge
  final boolean churnAfterForceMerge;
  final Sort indexSort; // null = unsorted (always for 5.x)

  IndexPlan(WriteOptions options, Random random) {
    bestCompression =
        options.bestCompression != null ? options.bestCompression : random.nextBoolean();
    compound =
        options.compound != null
            ? options.compound
            : WriteOptions.Compound.values()[random.nextInt(3)];
    numDocs = options.docs > 0 ? options.docs : drawNumDocs(options.big, random);
    valueBudget = options.big ? 200L << 20 : (1L + random.nextInt(4)) << 20;

    List<String> names = new ArrayList<>(List.of(STORED_NAMES));
    int storedCount = 1 + random.nextInt(10);
    for (int i = 0; i < storedCount; i++) {
      String name = names.remove(random.nextInt(names.size()));
      Kind kind =
          name.equals("_source")
              ? Kind.BYTES
              : name.startsWith("_") ? Kind.STRING : Kind.values()[random.nextInt(6)];
      double presence = new double[] {1.0, 0.8, 0.3, 0.05}[random.nextInt(4)];
      int maxValues = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3);
      storedFields.add(new StoredFieldSpec(name, kind, presence, maxValues));
    }
    otherKindRate = random.nextInt(3) == 0 ? 0.05 : 0;
    hugeValueRate = random.nextBoolean() ? (1 + random.nextInt(3)) / (double) numDocs : 0;
    noStoredFieldsRate = new double[] {0, 0, 0.02, 0.2, 0.6}[random.nextInt(5)];
    boolean noStoredRun = random.nextInt(3) == 0;
    noStoredRunLength = noStoredRun ? Math.min(numDocs, 100 + random.nextInt(1100)) : 0;
    noStoredRunStart = noStoredRun ? random.nextInt(numDocs - noStoredRunLength + 1) : 0;
    keywordField = random.nextBoolean();
    termVectors = keywordField && random.nextBoolean();

    if (random.nextInt(5) < 3) numericFields.add(new NumericSpec("_version", Shape.VERSION, 1.0, random));
    int numericCount = random.nextInt(6);
    for (int i = 0; i < numericCount; i++) {
      Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
      double presence = new double[] {1.0, 1.0, 0.97, 0.5, 0.05, 0.005}[random.nextInt(6)];
      String name = "dv" + i + "_" + shape.name().toLowerCase();
      numericFields.add(new NumericSpec(name, shape, presence, random));
    }
    int sortedCount = random.nextInt(3);
    for (int i = 0; i < sortedCount; i++) {
      double presence = new double[] {1.0, 0.9, 0.3, 0.005}[random.nextInt(4)];
      sortedFields.add(new SortedSpec("sdv" + i, presence, random));
    }
    binaryDv = random.nextInt(4) == 0;
    sortedSetDv = random.nextInt(4) == 0;
    sortedNumericDv = random.nextInt(4) == 0;
    points = options.version >= 6 && random.nextInt(3) == 0;

    deleteRate = new double[] {0, 0.02, 0.1, 0.3}[random.nextInt(4)];
    burstDeleteRate = random.nextInt(3) == 0 ? 2.0 / numDocs : 0;
    replaceRate = random.nextInt(3) == 0 ? 0.02 : 0;
    dvUpdateRate = new double[] {0, 0.01, 0.05}[random.nextInt(3)];
    int flushKind = random.nextInt(100);
    maxBufferedDocs =
        flushKind < 25
            ? 10 + random.nextInt(50)
            : flushKind < 60 ? 60 + random.nextInt(540) : 600 + random.nextInt(5400);
    // Expected counts per index, so big indices do not commit thousands of times.
    flushRate = new int[] {0, 3, 15}[random.nextInt(3)] / (double) numDocs;
    commitRate = new int[] {1, 5, 20}[random.nextInt(3)] / (double) numDocs;
    int mergeKind = random.nextInt(5);
    noMerges = mergeKind == 0;
    logDocMergePolicy = mergeKind <= 2;
    mergeFactor = 2 + random.nextInt(9);
    noCompoundRatio = new double[] {0.1, 0.5, 1.0}[random.nextInt(3)];
    forceMergeSegments = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0;
    churnAfterForceMerge = random.nextBoolean();

    indexSort = options.version >= 6 && random.nextInt(3) == 0 ? drawSort(random) : null;
  }

  /** Whether doc values of {@code field} may be updated (Lucene refuses it for sort fields). */
  boolean updatable(String field) {
    if (indexSort == null) return true;
    for (SortField sortField : indexSort.getSort()) {
      if (sortField.getField().equals(field)) return false;
    }
    return true;
  }

  private static int drawNumDocs(boolean big, Random random) {
    if (big) return 100_000 + random.nextInt(150_000);
    int r = random.nextInt(100);
    if (r < 50) return 50 + random.nextInt(1500);
    if (r < 85) return 1500 + random.nextInt(3500);
    return 5000 + random.nextInt(7000);
  }

  private Sort drawSort(Random random) {
    List<SortField> candidates = new ArrayList<>();
    NumericSpec sortKey = new NumericSpec(SORT_FIELD, random.nextBoolean() ? Shape.DELTA : Shape.TABLE, 0.9, random);
    numericFields.add(sortKey);
    SortField byLong = new SortField(SORT_FIELD, SortField.Type.LONG, random.nextBoolean());
    if (random.nextBoolean()) {
      byLong.setMissingValue(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}[random.nextInt(3)]);
    }
    candidates.add(byLong);
    if (!sortedFields.isEmpty()) {
      SortField byString = new SortField(sortedFields.get(0).name, SortField.Type.STRING, random.nextBoolean());
      byString.setMissingValue(random.nextBoolean() ? SortField.STRING_FIRST : SortField.STRING_LAST);
      candidates.add(byString);
    }
    if (sortedNumericDv) {
      candidates.add(
          new SortedNumericSortField(
              SORTED_NUMERIC_DV_FIELD,
              SortField.Type.LONG,
              random.nextBoolean(),
              random.nextBoolean() ? SortedNumericSelector.Type.MIN : SortedNumericSelector.Type.MAX));
    }
    SortField first = candidates.remove(random.nextInt(candidates.size()));
    if (candidates.isEmpty() || random.nextBoolean()) return new Sort(first);
    return new Sort(first, candidates.get(random.nextInt(candidates.size())));
  }
}
