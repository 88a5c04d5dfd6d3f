package shardlift.es56;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The neutral expected-file format of ../shared/README.md, one document a line:
 * {"index","type","id","routing","parent","version","source"}, sorted by id. Also reads the
 * export format (an ES search hit: "_index", "_type", ..., "_source" absent when disabled).
 */
final class Neutral {
  static final JsonFactory JSON = new JsonFactory();

  /** One document: its identity, and what is compared. {@code source} null = _source disabled. */
  record Doc(String index, String type, String id, String routing, String parent, long version,
      ExactJson source, Map<String, ExactJson> extra) {
    String key() {
      return index + "/" + type + "/" + id;
    }
  }

  /** A finished line with the key it sorts by. */
  record Line(String id, String index, String type, String text) {}

  // The files are sorted by id; code-point order, the order of the UTF-8 bytes.
  static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };
  static final Comparator<Line> LINE_ORDER = Comparator.comparing(Line::id, CODE_POINT_ORDER)
      .thenComparing(Line::index, CODE_POINT_ORDER)
      .thenComparing(Line::type, CODE_POINT_ORDER);

  private Neutral() {}

  /**
   * Turns one GET/mget document or search hit (the parser on its START_OBJECT) into a line.
   * Returns null for a document that was not found. The _source is kept as ES rendered it in JSON,
   * numbers as their literal text, only whitespace dropped.
   */
  static Line fromHit(JsonParser parser) throws IOException {
    String index = null;
    String type = null;
    String id = null;
    String routing = null;
    String parent = null;
    Long version = null;
    String source = null;
    boolean found = true;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.getCurrentName();
      parser.nextToken();
      switch (name) {
        case "_index" -> index = parser.getText();
        case "_type" -> type = parser.getText();
        case "_id" -> id = parser.getText();
        case "_routing" -> routing = parser.getText();
        case "_parent" -> parent = parser.getText();
        case "_version" -> version = parser.getLongValue();
        case "found" -> found = parser.getBooleanValue();
        case "_source" -> source = compactExact(parser);
        default -> parser.skipChildren();
      }
    }
    if (!found) {
      return null;
    }
    if (index == null || type == null || id == null || version == null) {
      throw new IOException("document without _index/_type/_id/_version at "
          + parser.getCurrentLocation());
    }
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("index", index);
      out.writeStringField("type", type);
      out.writeStringField("id", id);
      writeNullableString(out, "routing", routing);
      writeNullableString(out, "parent", parent);
      out.writeNumberField("version", version);
      out.writeFieldName("source");
      if (source == null) {
        out.writeNull();
      } else {
        out.writeRawValue(source);
      }
      out.writeEndObject();
    }
    return new Line(id, index, type, text.toString());
  }

  private static void writeNullableString(JsonGenerator out, String name, String value)
      throws IOException {
    if (value == null) {
      out.writeNullField(name);
    } else {
      out.writeStringField(name, value);
    }
  }

  /** The value at the parser, re-written compactly with every number's literal text kept. */
  static String compactExact(JsonParser parser) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      copyExact(parser, out);
    }
    return text.toString();
  }

  private static void copyExact(JsonParser parser, JsonGenerator out) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        out.writeStartObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          out.writeFieldName(parser.getCurrentName());
          parser.nextToken();
          copyExact(parser, out);
        }
        out.writeEndObject();
      }
      case START_ARRAY -> {
        out.writeStartArray();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          copyExact(parser, out);
        }
        out.writeEndArray();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(parser.getText());
      default -> out.copyCurrentEvent(parser);
    }
  }

  static void writeSorted(List<Line> lines, Path path) throws IOException {
    lines.sort(LINE_ORDER);
    try (OutputStream file = Files.newOutputStream(path);
         OutputStream stream = path.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file;
         Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
      for (Line line : lines) {
        out.write(line.text());
        out.write('\n');
      }
    }
  }

  /** Opens a file, gunzipping it when it starts with the gzip magic. */
  static BufferedReader open(Path path) throws IOException {
    InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path));
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return new BufferedReader(
        new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8));
  }

  /**
   * Parses one line in either format. Field names may carry a leading '_' (export) or not
   * (expected files); absent and null mean the same. In the export format an absent _source
   * means _source disabled, as a null "source" does in the expected files.
   */
  static Doc parse(String line) throws IOException {
    Map<String, ExactJson> fields = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.getCurrentName();
        parser.nextToken();
        String bare = name.startsWith("_") ? name.substring(1) : name;
        if (fields.put(bare, ExactJson.read(parser)) != null) {
          throw new IOException("field " + name + " twice");
        }
      }
      if (parser.nextToken() != null) {
        throw new IOException("trailing data after the object");
      }
    }
    String index = requiredString(fields, "index");
    String type = requiredString(fields, "type");
    String id = requiredString(fields, "id");
    String routing = optionalString(fields, "routing");
    String parent = optionalString(fields, "parent");
    ExactJson version = fields.remove("version");
    if (!(version instanceof ExactJson.Int v)) {
      throw new IOException("no integer version");
    }
    ExactJson source = fields.remove("source");
    if (source instanceof ExactJson.Null) {
      source = null;
    }
    return new Doc(index, type, id, routing, parent, v.value().longValueExact(), source, fields);
  }

  private static String requiredString(Map<String, ExactJson> fields, String name)
      throws IOException {
    String value = optionalString(fields, name);
    if (value == null) {
      throw new IOException("no " + name);
    }
    return value;
  }

  private static String optionalString(Map<String, ExactJson> fields, String name)
      throws IOException {
    ExactJson value = fields.remove(name);
    if (value == null || value instanceof ExactJson.Null) {
      return null;
    }
    if (!(value instanceof ExactJson.Str s)) {
      throw new IOException(name + " is not a string: " + ExactJson.describe(value));
    }
    return s.value();
  }
}
