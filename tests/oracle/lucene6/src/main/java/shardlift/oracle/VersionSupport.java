package shardlift.oracle;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.lucene50.Lucene50StoredFieldsFormat;
import org.apache.lucene.codecs.lucene62.Lucene62Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Sort;

/** What differs between the Lucene versions the shared writer code runs on: here Lucene 6.6. */
final class VersionSupport {
  static final int MAJOR = 6;

  private VersionSupport() {}

  static Codec codec(boolean bestCompression) {
    return new Lucene62Codec(
        bestCompression
            ? Lucene50StoredFieldsFormat.Mode.BEST_COMPRESSION
            : Lucene50StoredFieldsFormat.Mode.BEST_SPEED);
  }

  static void setIndexSort(IndexWriterConfig config, Sort sort) {
    if (sort != null) config.setIndexSort(sort);
  }

  static void addPoint(Document document, String field, long value) {
    document.add(new LongPoint(field, value));
  }
}
