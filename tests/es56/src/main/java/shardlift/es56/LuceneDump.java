package shardlift.es56;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.apache.lucene.util.Bits;

/**
 * What Lucene 6.6 itself reads from each shard's last commit of an ES 5.x path.data, for checking
 * a generated data dir by hand: segments, commit user data, translog checkpoint, and with --docs
 * every live document (uid/id, _version, _routing, _parent doc values, _source kind and size).
 * Opens everything read-only and takes no lock.
 *
 * <p>Usage: LuceneDump PATH_DATA [--docs]
 */
public final class LuceneDump {
  private final PrintStream out = System.out;
  private final boolean docs;

  private LuceneDump(boolean docs) {
    this.docs = docs;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--docs"))) {
      System.err.println("usage: LuceneDump PATH_DATA [--docs]");
      System.exit(2);
    }
    LuceneDump dump = new LuceneDump(args.length == 2);
    for (Path node : sorted(Path.of(args[0]).resolve("nodes"))) {
      Path indices = node.resolve("indices");
      if (Files.isDirectory(indices)) {
        for (Path index : sorted(indices)) {
          dump.index(index);
        }
      }
    }
  }

  private void index(Path indexDir) throws IOException {
    String name = indexName(indexDir.resolve("_state"));
    for (Path shard : sorted(indexDir)) {
      if (shard.getFileName().toString().matches("\\d+")) {
        shard(name, shard);
      }
    }
  }

  private void shard(String index, Path shardDir) throws IOException {
    out.printf("SHARD %s %s/%s%n", index, shardDir.getParent().getFileName(),
        shardDir.getFileName());
    Path checkpoint = shardDir.resolve("translog/translog.ckp");
    if (Files.exists(checkpoint)) {
      // Checkpoint: 12-byte codec header, int64 offset, int32 numOps, int64 generation.
      ByteBuffer ckp = ByteBuffer.wrap(Files.readAllBytes(checkpoint));
      out.printf("  translog.ckp offset=%d ops=%d generation=%d%n", ckp.getLong(12),
          ckp.getInt(20), ckp.getLong(24));
    }
    Path indexDir = shardDir.resolve("index");
    try (Directory directory = new NIOFSDirectory(indexDir, NoLockFactory.INSTANCE);
         DirectoryReader reader = DirectoryReader.open(directory)) {
      out.printf("  commit %s userData=%s%n", reader.getIndexCommit().getSegmentsFileName(),
          reader.getIndexCommit().getUserData());
      long roots = 0;
      long nested = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        SegmentReader segment = (SegmentReader) leaf.reader();
        out.printf("  SEG %s maxDoc=%d deleted=%d codec=%s %s%n", segment.getSegmentName(),
            segment.maxDoc(), segment.numDeletedDocs(),
            segment.getSegmentInfo().info.getCodec().getName(),
            segment.getSegmentInfo().info.getAttributes());
        Bits live = segment.getLiveDocs();
        for (int doc = 0; doc < segment.maxDoc(); doc++) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          Fields fields = new Fields();
          segment.document(doc, fields);
          if (fields.uid == null) {
            nested++;  // a nested object's own Lucene doc: no stored _uid/_id
            continue;
          }
          roots++;
          if (docs) {
            out.printf("    DOC %s version=%d routing=%s parent=%s source=%s%n", fields.uid,
                numeric(segment, "_version", doc), fields.routing, parents(segment, doc),
                describeSource(fields.source));
          }
        }
      }
      out.printf("  live root docs=%d nested docs=%d%n", roots, nested);
    }
  }

  /** The stored fields a root document has. */
  private static final class Fields extends StoredFieldVisitor {
    String uid;
    String routing;
    byte[] source;

    @Override
    public Status needsField(FieldInfo field) {
      return Status.YES;
    }

    @Override
    public void stringField(FieldInfo field, byte[] value) {
      String text = new String(value, StandardCharsets.UTF_8);
      switch (field.name) {
        case "_uid" -> uid = text;
        case "_id" -> uid = "(single type)#" + text;
        case "_routing" -> routing = text;
        default -> { }
      }
    }

    @Override
    public void binaryField(FieldInfo field, byte[] value) {
      if (field.name.equals("_source")) {
        source = value;
      }
    }
  }

  private static Long numeric(LeafReader reader, String field, int doc) throws IOException {
    NumericDocValues values = reader.getNumericDocValues(field);
    return values == null ? null : values.get(doc);
  }

  /** Values of the _parent#<type> doc values fields (a parent type's docs hold their own id). */
  private static List<String> parents(LeafReader reader, int doc) throws IOException {
    List<String> parents = new ArrayList<>();
    for (FieldInfo field : reader.getFieldInfos()) {
      if (field.name.startsWith("_parent#")) {
        SortedDocValues values = reader.getSortedDocValues(field.name);
        if (values != null && values.getOrd(doc) >= 0) {
          parents.add(field.name + "=" + values.get(doc).utf8ToString());
        }
      }
    }
    return parents;
  }

  private static String describeSource(byte[] source) {
    if (source == null) {
      return "none";
    }
    int first = source.length > 0 ? source[0] & 0xFF : -1;
    String kind;
    if (first == ':') {
      kind = "smile";
    } else if (first == '-') {
      kind = "yaml";
    } else if (first == 0xBF || first == 0xD9 || (first >= 0xA0 && first <= 0xBB)) {
      kind = "cbor";
    } else {
      kind = "json";
    }
    return kind + ":" + source.length;
  }

  /** The index name: the root key of the newest _state/state-N.st (SMILE after a codec header). */
  private static String indexName(Path stateDir) throws IOException {
    Path newest = null;
    long generation = -1;
    for (Path state : sorted(stateDir)) {
      String file = state.getFileName().toString();
      if (file.matches("state-\\d+\\.st")) {
        long candidate = Long.parseLong(file.replaceAll("\\D", ""));
        if (candidate > generation) {
          generation = candidate;
          newest = state;
        }
      }
    }
    if (newest == null) {
      return "?";
    }
    byte[] bytes = Files.readAllBytes(newest);
    for (int i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] == ':' && bytes[i + 1] == ')' && bytes[i + 2] == '\n') {
        try (JsonParser parser = new SmileFactory().createParser(bytes, i, bytes.length - i)) {
          if (parser.nextToken() == JsonToken.START_OBJECT
              && parser.nextToken() == JsonToken.FIELD_NAME) {
            return parser.getCurrentName();
          }
        }
      }
    }
    return "?";
  }

  private static List<Path> sorted(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted(Comparator.comparing(Path::toString)).toList();
    }
  }
}
