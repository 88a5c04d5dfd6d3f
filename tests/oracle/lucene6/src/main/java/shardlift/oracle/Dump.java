package shardlift.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.RAMDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Prints an index as Lucene 6.6 reads it, in the lucene-synth dump format of shared/README.md:
 *
 * <pre>
 * SEG &lt;segment&gt; maxDoc=&lt;n&gt;
 * DOC &lt;docid&gt; live=0|1               (a deleted doc prints only this line)
 * F &lt;field&gt; str|int|long|float|double|bin &lt;value&gt;   (stored order)
 * DV &lt;field&gt; &lt;signed decimal&gt;    (NUMERIC doc values, fields by name, docs with a value)
 * SDV &lt;field&gt; &lt;hex bytes&gt;         (only with --sorted-dv: SORTED doc values, likewise)
 * </pre>
 *
 * str/bin values are lowercase hex ("-" when empty), float/double the raw IEEE bits in hex.
 * Field names are ordered by their UTF-8 bytes.
 */
final class Dump {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Comparator<FieldInfo> BY_NAME_BYTES =
      (a, b) -> new BytesRef(a.name).compareTo(new BytesRef(b.name));

  private final OutputStream out;
  private final boolean sortedDocValues;
  private final FieldPrinter fieldPrinter = new FieldPrinter();
  private byte[] hexBuffer = new byte[1024];

  Dump(OutputStream out, boolean sortedDocValues) {
    this.out = out;
    this.sortedDocValues = sortedDocValues;
  }

  /** Dumps the index in {@code path}: a directory, or a .zip of one (read into memory). */
  void dump(Path path) throws IOException {
    try (Directory directory = path.toString().endsWith(".zip") ? unzip(path) : FSDirectory.open(path);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) dumpSegment((SegmentReader) leaf.reader());
    }
  }

  private void dumpSegment(SegmentReader segment) throws IOException {
    text("SEG " + segment.getSegmentName() + " maxDoc=" + segment.maxDoc() + "\n");
    List<FieldInfo> numeric = fieldsOfType(segment, DocValuesType.NUMERIC);
    List<Bits> numericPresent = new ArrayList<>();
    List<NumericDocValues> numericValues = new ArrayList<>();
    for (FieldInfo field : numeric) {
      numericPresent.add(segment.getDocsWithField(field.name));
      numericValues.add(segment.getNumericDocValues(field.name));
    }
    List<FieldInfo> sorted =
        sortedDocValues ? fieldsOfType(segment, DocValuesType.SORTED) : new ArrayList<>();
    List<SortedDocValues> sortedValues = new ArrayList<>();
    for (FieldInfo field : sorted) sortedValues.add(segment.getSortedDocValues(field.name));
    Bits live = segment.getLiveDocs();
    for (int doc = 0; doc < segment.maxDoc(); doc++) {
      boolean isLive = live == null || live.get(doc);
      text("DOC " + doc + (isLive ? " live=1\n" : " live=0\n"));
      if (!isLive) continue;
      segment.document(doc, fieldPrinter);
      for (int i = 0; i < numeric.size(); i++) {
        if (!numericPresent.get(i).get(doc)) continue;
        text("DV " + numeric.get(i).name + " " + numericValues.get(i).get(doc) + "\n");
      }
      for (int i = 0; i < sorted.size(); i++) {
        int ord = sortedValues.get(i).getOrd(doc);
        if (ord < 0) continue;
        BytesRef term = sortedValues.get(i).lookupOrd(ord);
        text("SDV " + sorted.get(i).name + " ");
        hexLine(term.bytes, term.offset, term.length);
      }
    }
  }

  private static List<FieldInfo> fieldsOfType(SegmentReader segment, DocValuesType type) {
    List<FieldInfo> fields = new ArrayList<>();
    for (FieldInfo field : segment.getFieldInfos()) {
      if (field.getDocValuesType() == type) fields.add(field);
    }
    fields.sort(BY_NAME_BYTES);
    return fields;
  }

  /** Prints each stored field as it is visited, i.e. in stored order. */
  private final class FieldPrinter extends StoredFieldVisitor {
    @Override
    public Status needsField(FieldInfo field) {
      return Status.YES;
    }

    @Override
    public void stringField(FieldInfo field, byte[] value) throws IOException {
      text("F " + field.name + " str ");
      hexLine(value, 0, value.length);
    }

    @Override
    public void binaryField(FieldInfo field, byte[] value) throws IOException {
      text("F " + field.name + " bin ");
      hexLine(value, 0, value.length);
    }

    @Override
    public void intField(FieldInfo field, int value) throws IOException {
      text("F " + field.name + " int " + value + "\n");
    }

    @Override
    public void longField(FieldInfo field, long value) throws IOException {
      text("F " + field.name + " long " + value + "\n");
    }

    @Override
    public void floatField(FieldInfo field, float value) throws IOException {
      text("F " + field.name + " float ");
      hexBits(Float.floatToRawIntBits(value) & 0xffffffffL, 8);
    }

    @Override
    public void doubleField(FieldInfo field, double value) throws IOException {
      text("F " + field.name + " double ");
      hexBits(Double.doubleToRawLongBits(value), 16);
    }
  }

  private void text(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} as lowercase hex ("-" when empty) and a newline. */
  private void hexLine(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      out.write('-');
    } else {
      if (hexBuffer.length < 2 * length) hexBuffer = new byte[2 * length];
      for (int i = 0; i < length; i++) {
        hexBuffer[2 * i] = HEX[(bytes[offset + i] >> 4) & 0xf];
        hexBuffer[2 * i + 1] = HEX[bytes[offset + i] & 0xf];
      }
      out.write(hexBuffer, 0, 2 * length);
    }
    out.write('\n');
  }

  /** Writes the low {@code digits} hex digits of {@code bits}, zero-padded, and a newline. */
  private void hexBits(long bits, int digits) throws IOException {
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out.write(HEX[(int) (bits >>> shift) & 0xf]);
    out.write('\n');
  }

  private static Directory unzip(Path zip) throws IOException {
    RAMDirectory directory = new RAMDirectory();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) continue;
        String name = Path.of(entry.getName()).getFileName().toString();
        try (InputStream in = file.getInputStream(entry);
            IndexOutput output = directory.createOutput(name, IOContext.DEFAULT)) {
          byte[] bytes = in.readAllBytes();
          output.writeBytes(bytes, bytes.length);
        }
      }
    }
    return directory;
  }
}
