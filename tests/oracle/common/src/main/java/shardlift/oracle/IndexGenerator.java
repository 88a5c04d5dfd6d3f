package shardlift.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Writes one randomized index with the Lucene this class is compiled against. Single-threaded,
 * flushing by document count and merging serially, so the documents, segments, deletions and
 * doc-values updates depend on the seed alone (segment ids and timestamps do not matter).
 */
final class IndexGenerator {
  /** A non-stored indexed key, so any doc can be deleted or updated. */
  private static final String KEY = "_key";

  private final WriteOptions options;
  private final Random random;
  private final IndexPlan plan;
  private final ValueGenerator values;
  private final FieldType keywordType = new FieldType();
  /** NUMERIC fields that some doc already has: Lucene only updates fields it knows. */
  private final List<IndexPlan.NumericSpec> updatable = new ArrayList<>();

  private int docsAdded;
  private int deletes;
  private int dvUpdates;
  private int flushes;
  private int commits;

  IndexGenerator(WriteOptions options) {
    this.options = options;
    // java.util.Random's first draws for nearby seeds are alike; scramble the seed first.
    this.random = new Random(new SplittableRandom(options.seed).nextLong());
    this.plan = new IndexPlan(options, random);
    this.values = new ValueGenerator(random, plan.valueBudget);
    keywordType.setStored(true);
    keywordType.setTokenized(false);
    keywordType.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    keywordType.setStoreTermVectors(plan.termVectors);
    keywordType.freeze();
  }

  /** Writes the index and returns a one-line summary of what it holds. */
  String write() throws IOException {
    Path out = options.out;
    if (Files.isDirectory(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) throw new IOException("not empty: " + out);
      }
    }
    Files.createDirectories(out);
    try (Directory directory = FSDirectory.open(out);
        IndexWriter writer = new IndexWriter(directory, config())) {
      while (docsAdded < plan.numDocs) {
        writer.addDocument(newDocument(docsAdded));
        docsAdded++;
        churn(writer);
      }
      if (plan.forceMergeSegments > 0) {
        writer.forceMerge(plan.forceMergeSegments);
        for (int i = 0; plan.churnAfterForceMerge && i < plan.numDocs / 10; i++) churn(writer);
      }
      writer.commit();
    }
    return String.format(
        "wrote %s: lucene=%d seed=%d mode=%s compound=%s docs=%d deletes=%d dvUpdates=%d"
            + " flushes=%d commits=%d forceMerge=%d sort=%s",
        out, VersionSupport.MAJOR, options.seed, plan.bestCompression ? "compression" : "speed",
        plan.compound.name().toLowerCase(), docsAdded, deletes, dvUpdates, flushes, commits + 1,
        plan.forceMergeSegments, plan.indexSort);
  }

  private IndexWriterConfig config() {
    IndexWriterConfig config = new IndexWriterConfig(null); // no tokenized fields
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setCodec(VersionSupport.codec(plan.bestCompression));
    config.setMergeScheduler(new SerialMergeScheduler());
    config.setMaxBufferedDocs(plan.maxBufferedDocs);
    config.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
    config.setUseCompoundFile(plan.compound != WriteOptions.Compound.NO);
    config.setMergePolicy(mergePolicy());
    VersionSupport.setIndexSort(config, plan.indexSort);
    return config;
  }

  private MergePolicy mergePolicy() {
    if (plan.noMerges) return NoMergePolicy.INSTANCE;
    MergePolicy policy;
    if (plan.logDocMergePolicy) {
      LogDocMergePolicy logDoc = new LogDocMergePolicy();
      logDoc.setMergeFactor(plan.mergeFactor);
      logDoc.setMinMergeDocs(10);
      policy = logDoc;
    } else {
      TieredMergePolicy tiered = new TieredMergePolicy();
      tiered.setMaxMergeAtOnce(plan.mergeFactor);
      tiered.setSegmentsPerTier(plan.mergeFactor);
      tiered.setFloorSegmentMB(0.01);
      policy = tiered;
    }
    switch (plan.compound) {
      case YES:
        policy.setNoCFSRatio(1.0);
        policy.setMaxCFSSegmentSizeMB(Double.POSITIVE_INFINITY);
        break;
      case NO:
        policy.setNoCFSRatio(0.0);
        break;
      case MIXED:
        policy.setNoCFSRatio(plan.noCompoundRatio);
        break;
    }
    return policy;
  }

  /** Random deletes, replacements, doc-values updates, flushes and commits after a document. */
  private void churn(IndexWriter writer) throws IOException {
    if (random.nextDouble() < plan.deleteRate) {
      writer.deleteDocuments(keyTerm(random.nextInt(docsAdded)));
      deletes++;
    }
    if (random.nextDouble() < plan.burstDeleteRate) {
      int length = 1 + random.nextInt(Math.min(docsAdded, 500));
      int start = random.nextInt(docsAdded - length + 1);
      for (int doc = start; doc < start + length; doc++) writer.deleteDocuments(keyTerm(doc));
      deletes += length;
    }
    if (random.nextDouble() < plan.replaceRate) {
      int doc = random.nextInt(docsAdded);
      writer.updateDocument(keyTerm(doc), newDocument(doc));
    }
    if (!updatable.isEmpty() && random.nextDouble() < plan.dvUpdateRate) {
      IndexPlan.NumericSpec field = updatable.get(random.nextInt(updatable.size()));
      writer.updateNumericDocValue(keyTerm(random.nextInt(docsAdded)), field.name, field.value(random));
      dvUpdates++;
    }
    if (plan.compound == WriteOptions.Compound.MIXED && random.nextInt(100) == 0) {
      writer.getConfig().setUseCompoundFile(random.nextBoolean());
    }
    if (random.nextDouble() < plan.flushRate) {
      writer.flush();
      flushes++;
    }
    if (random.nextDouble() < plan.commitRate) {
      writer.commit();
      commits++;
    }
  }

  private static Term keyTerm(int doc) {
    return new Term(KEY, Integer.toString(doc, 36));
  }

  private Document newDocument(int doc) {
    Document document = new Document();
    document.add(new StringField(KEY, Integer.toString(doc, 36), Field.Store.NO));
    boolean inNoStoredRun =
        doc >= plan.noStoredRunStart && doc < plan.noStoredRunStart + plan.noStoredRunLength;
    if (!inNoStoredRun && random.nextDouble() >= plan.noStoredFieldsRate) {
      List<Field> stored = new ArrayList<>();
      for (IndexPlan.StoredFieldSpec spec : plan.storedFields) {
        if (random.nextDouble() >= spec.presence) continue;
        int count = 1 + random.nextInt(spec.maxValues);
        for (int i = 0; i < count; i++) stored.add(storedField(spec));
      }
      if (random.nextDouble() < plan.hugeValueRate) {
        String name = plan.storedFields.get(random.nextInt(plan.storedFields.size())).name;
        stored.add(
            random.nextBoolean()
                ? new StoredField(name, values.hugeString())
                : new StoredField(name, values.hugeBytes()));
      }
      if (plan.keywordField && random.nextBoolean()) {
        stored.add(new Field(IndexPlan.KEYWORD_FIELD, values.shortString(), keywordType));
      }
      // Stored order is the order of addition; shuffling keeps it unrelated to field numbers.
      Collections.shuffle(stored, random);
      stored.forEach(document::add);
    }
    addDocValues(document);
    return document;
  }

  private Field storedField(IndexPlan.StoredFieldSpec spec) {
    IndexPlan.Kind kind = spec.kind;
    if (random.nextDouble() < plan.otherKindRate) {
      kind = IndexPlan.Kind.values()[random.nextInt(IndexPlan.Kind.values().length)];
    }
    switch (kind) {
      case STRING:
        return new StoredField(spec.name, values.string());
      case BYTES:
        return new StoredField(spec.name, values.bytes());
      case INT:
        return new StoredField(spec.name, values.anInt());
      case LONG:
        return new StoredField(spec.name, values.aLong());
      case FLOAT:
        return new StoredField(spec.name, values.aFloat());
      case DOUBLE:
      default:
        return new StoredField(spec.name, values.aDouble());
    }
  }

  private void addDocValues(Document document) {
    for (IndexPlan.NumericSpec spec : plan.numericFields) {
      if (random.nextDouble() >= spec.presence) continue;
      document.add(new NumericDocValuesField(spec.name, spec.value(random)));
      if (!updatable.contains(spec) && plan.updatable(spec.name)) updatable.add(spec);
    }
    for (IndexPlan.SortedSpec spec : plan.sortedFields) {
      if (random.nextDouble() >= spec.presence) continue;
      byte[] term = spec.vocabulary[random.nextInt(spec.vocabulary.length)];
      document.add(new SortedDocValuesField(spec.name, new BytesRef(term)));
    }
    if (plan.binaryDv && random.nextBoolean()) {
      document.add(new BinaryDocValuesField(IndexPlan.BINARY_DV_FIELD, new BytesRef(values.shortBytes())));
    }
    if (plan.sortedSetDv) {
      for (int i = random.nextInt(4); i > 0; i--) {
        String term = Integer.toString(random.nextInt(100));
        document.add(new SortedSetDocValuesField(IndexPlan.SORTED_SET_DV_FIELD, new BytesRef(term)));
      }
    }
    if (plan.sortedNumericDv) {
      for (int i = random.nextInt(4); i > 0; i--) {
        document.add(new SortedNumericDocValuesField(IndexPlan.SORTED_NUMERIC_DV_FIELD, values.aLong()));
      }
    }
    if (plan.points && random.nextBoolean()) {
      VersionSupport.addPoint(document, IndexPlan.POINT_FIELD, values.aLong());
    }
  }
}
