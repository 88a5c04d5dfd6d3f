package shardlift.oracle;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene50.Lucene50StoredFieldsFormat;
import org.apache.lucene.codecs.lucene54.Lucene54Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Sort;

/** What differs between the Lucene versions the shared writer code runs on: here Lucene 5.5. */
final class VersionSupport {
  static final int MAJOR = 5;

  private VersionSupport() {}

  static Codec codec(boolean bestCompression) {
    return new Lucene54Codec(
        bestCompression
            ? Lucene50StoredFieldsFormat.Mode.BEST_COMPRESSION
            : Lucene50StoredFieldsFormat.Mode.BEST_SPEED);
  }

  /** Index sorting arrived with 6.x; the plan never asks for it here. */
  static void setIndexSort(IndexWriterConfig config, Sort sort) {
    if (sort != null) throw new IllegalArgumentException("Lucene 5 cannot sort an index");
  }

  /** Points arrived with 6.x; the plan never asks for them here. */
  static void addPoint(Document document, String field, long value) {
    throw new IllegalArgumentException("Lucene 5 has no points");
  }
}
