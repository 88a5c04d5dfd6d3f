package shardlift.oracle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes random documents in every XContent format Elasticsearch 5.6 reads, each with what Jackson
 * 2.8.6 reads back from it: the typed event list (the format of tests/support/xcontent_events.h)
 * and the JSON that ES's XContentHelper.convertToJson prints (JsonGenerator.copyCurrentStructure).
 *
 * <p>Usage: XContentOracle SEED COUNT OUT. OUT holds records of: u16 format name, then u32-length
 * body, events ("ERROR: ..." when Jackson refuses the body) and JSON, all big-endian.
 */
public final class XContentOracle {
  private final Random random;
  private final JsonFactory json = new JsonFactory();
  private final SmileFactory smileEs = new SmileFactory();
  private final SmileFactory smileValues = new SmileFactory();
  private final SmileFactory smilePlain = new SmileFactory();
  private final CBORFactory cbor = new CBORFactory();
  private final YAMLFactory yaml = new YAMLFactory();
  private final List<String> namePool = new ArrayList<>();
  private final List<String> valuePool = new ArrayList<>();

  XContentOracle(long seed) {
    random = new Random(seed);
    // As ES 5.6 configures its factories (JsonXContent, SmileXContent).
    json.configure(JsonParser.Feature.ALLOW_COMMENTS, true);
    json.configure(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW, false);
    smileEs.configure(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT, false);
    smileEs.configure(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW, false);
    // Jackson defaults plus shared string values: 7-bit binary, value back-references.
    smileValues.configure(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES, true);
    // No back-references at all, and an end marker.
    smilePlain.configure(SmileGenerator.Feature.CHECK_SHARED_NAMES, false);
    smilePlain.configure(SmileGenerator.Feature.WRITE_END_MARKER, true);
    for (int i = 0; i < 40; ++i) namePool.add(randomString(1 + random.nextInt(12)).replace('\u0000', '0'));
    for (int i = 0; i < 40; ++i) valuePool.add(randomString(1 + random.nextInt(70)));
  }

  public static void main(String[] args) throws IOException {
    long seed = Long.parseLong(args[0]);
    int count = Integer.parseInt(args[1]);
    XContentOracle oracle = new XContentOracle(seed);
    try (DataOutputStream out = new DataOutputStream(new FileOutputStream(args[2]))) {
      for (int i = 0; i < count; ++i) oracle.writeCase(i, out);
    }
  }

  // ---------------------------------------------------------------- random documents

  private static final String[] ODD_STRINGS = {
    "", "\u0000", "\t\n\r\b\f\u001f", "\"\\/", "\u007f\u0080\u00ff", "\u2028\u2029", "\ud83d\ude00",
    "\ud800\udc00\udbff\udfff", "caf\u00e9", "\u65e5\u672c\u8a9e", "\ufeff", "\ufffd"
  };

  private String randomString(int length) {
    StringBuilder b = new StringBuilder();
    int kind = random.nextInt(4);
    while (b.length() < length) {
      switch (kind) {
        case 0 -> b.append((char) ('a' + random.nextInt(26)));
        case 1 -> b.append((char) (0x20 + random.nextInt(0x5f)));
        case 2 -> b.append(ODD_STRINGS[random.nextInt(ODD_STRINGS.length)]);
        default -> {
          int cp = random.nextInt(5) == 0 ? 0x10000 + random.nextInt(0xFFFFF) : random.nextInt(0xD800);
          b.appendCodePoint(cp);
        }
      }
    }
    return b.toString();
  }

  /**
   * A key; never with NUL characters: Jackson 2.8's byte-quad symbol tables (SMILE, CBOR, JSON)
   * can return an earlier name that differs only by leading NULs, a Jackson bug not to mimic.
   */
  private String randomKey() {
    String key = random.nextInt(3) > 0 ? namePool.get(random.nextInt(namePool.size()))
        : randomString(random.nextInt(5) == 0 ? 70 + random.nextInt(200) : 1 + random.nextInt(20));
    return key.replace('\u0000', '0');
  }

  private Object randomScalar() {
    switch (random.nextInt(16)) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: return random.nextInt(64) - 32;
      case 3: return random.nextInt();
      case 4: return random.nextLong();
      case 5: return new BigInteger(64 + random.nextInt(200), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
      case 6: return random.nextBoolean() ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextGaussian() * 1000);
      case 7: {
        double[] odd = {-0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e7, 1e-3, 1e-4, 0.1, 1e23, Double.NaN, Double.POSITIVE_INFINITY};
        return random.nextBoolean() ? odd[random.nextInt(odd.length)] : Double.longBitsToDouble(random.nextLong());
      }
      case 8: return random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
      case 9: return new BigDecimal(new BigInteger(1 + random.nextInt(150), random), random.nextInt(60) - 30);
      case 10: {
        byte[] bytes = new byte[random.nextInt(5) == 0 ? 100 + random.nextInt(400) : random.nextInt(20)];
        random.nextBytes(bytes);
        return bytes;
      }
      case 11: case 12: return valuePool.get(random.nextInt(valuePool.size()));
      case 13: return randomString(random.nextInt(10) == 0 ? 1000 + random.nextInt(5000) : 60 + random.nextInt(20));
      default: return randomString(random.nextInt(30));
    }
  }

  private Object randomValue(int depth) {
    int roll = random.nextInt(10);
    if (depth < 6 && roll < 2) return randomMap(depth + 1, random.nextInt(7));
    if (depth < 6 && roll < 3) return randomList(depth + 1, random.nextInt(6));
    return randomScalar();
  }

  private Map<String, Object> randomMap(int depth, int size) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < size; ++i) map.put(randomKey(), randomValue(depth));
    return map;
  }

  private List<Object> randomList(int depth, int size) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < size; ++i) list.add(randomValue(depth));
    return list;
  }

  /** A document: usually small and mixed; sometimes deep, or wide enough to reset SMILE's tables. */
  private Map<String, Object> randomDocument(int index) {
    switch (index % 10) {
      case 0: {  // > 1024 distinct names and short values, then back-references to them
        Map<String, Object> map = new LinkedHashMap<>();
        int n = 1024 + random.nextInt(900);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < n; ++i) {
          map.put("k" + i, "v" + (i % 1500));
          values.add("s" + random.nextInt(1400));
        }
        map.put("values", values);
        for (int i = 0; i < 50; ++i) map.put("k" + random.nextInt(n), randomScalar());
        return map;
      }
      case 1: {  // deep nesting
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> cursor = root;
        int depth = 40 + random.nextInt(150);
        for (int i = 0; i < depth; ++i) {
          Map<String, Object> next = new LinkedHashMap<>();
          if (random.nextBoolean()) {
            List<Object> list = new ArrayList<>();
            list.add(next);
            cursor.put(randomKey(), list);
          } else {
            cursor.put(randomKey(), next);
          }
          cursor.put("n" + i, randomScalar());
          cursor = next;
        }
        return root;
      }
      default: return randomMap(0, 1 + random.nextInt(12));
    }
  }

  // ---------------------------------------------------------------- Jackson writers

  private byte[] writeWithJackson(JsonFactory factory, Object document) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = factory.createGenerator(out)) {
      writeValue(g, document);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) g.writeNull();
    else if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List) {
      g.writeStartArray();
      for (Object item : (List<Object>) v) writeValue(g, item);
      g.writeEndArray();
    } else if (v instanceof String s) g.writeString(s);
    else if (v instanceof Boolean b) g.writeBoolean(b);
    else if (v instanceof Integer i) g.writeNumber(i);
    else if (v instanceof Long l) g.writeNumber(l);
    else if (v instanceof BigInteger b) g.writeNumber(b);
    else if (v instanceof Float f) g.writeNumber(f);
    else if (v instanceof Double d) g.writeNumber(d);
    else if (v instanceof BigDecimal d) g.writeNumber(d);
    else if (v instanceof byte[] b) g.writeBinary(b);
    else throw new IllegalStateException(v.getClass().toString());
  }

  // ---------------------------------------------------------------- a CBOR encoder with choices
  // Jackson's generator never writes chunked strings, half floats, definite-length containers
  // with wide length encodings, tags or integer keys; other clients do, so write them too.

  private void cborHead(ByteArrayOutputStream out, int major, long value, boolean wide) {
    int m = major << 5;
    if (!wide && value >= 0 && value < 24) out.write(m | (int) value);
    else if (!wide && value >= 0 && value < 256) { out.write(m | 24); out.write((int) value); }
    else if (!wide && value >= 0 && value < 65536) { out.write(m | 25); out.write((int) (value >> 8)); out.write((int) value); }
    else if (value >= 0 && value < (1L << 32) && (!wide || random.nextBoolean())) {
      out.write(m | 26);
      for (int s = 24; s >= 0; s -= 8) out.write((int) (value >>> s));
    } else {
      out.write(m | 27);
      for (int s = 56; s >= 0; s -= 8) out.write((int) (value >>> s));
    }
  }

  private void cborString(ByteArrayOutputStream out, int major, byte[] bytes) {
    if (bytes.length > 1 && random.nextInt(3) == 0) {
      out.write((major << 5) | 31);
      int at = 0;
      while (at < bytes.length) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(bytes.length));
        if (major == 3) {  // chunks must hold whole UTF-8 characters
          while (at + n < bytes.length && (bytes[at + n] & 0xC0) == 0x80) ++n;
        }
        cborHead(out, major, n, false);
        out.write(bytes, at, n);
        at += n;
      }
      out.write(0xFF);
    } else {
      cborHead(out, major, bytes.length, random.nextInt(8) == 0);
      out.write(bytes, 0, bytes.length);
    }
  }

  @SuppressWarnings("unchecked")
  private void cborValue(ByteArrayOutputStream out, Object v) {
    // (Not on the root: ES detects CBOR by its first byte, and a tag there hides the map.)
    if (out.size() > 3 && random.nextInt(20) == 0 && !(v instanceof BigInteger) && !(v instanceof BigDecimal)) {
      cborHead(out, 6, random.nextBoolean() ? 0 : 32 + random.nextInt(1000), false);  // ignored tag
    }
    if (v == null) out.write(0xF6);
    else if (v instanceof Boolean b) out.write(b ? 0xF5 : 0xF4);
    else if (v instanceof Map) {
      Map<String, Object> map = (Map<String, Object>) v;
      boolean indefinite = random.nextBoolean();
      if (indefinite) out.write(0xBF); else cborHead(out, 5, map.size(), random.nextInt(8) == 0);
      for (Map.Entry<String, Object> e : map.entrySet()) {
        cborString(out, 3, e.getKey().getBytes(StandardCharsets.UTF_8));
        cborValue(out, e.getValue());
      }
      if (random.nextInt(10) == 0) {  // an integer key
        long k = random.nextInt(100000) - 50000;
        if (k >= 0) cborHead(out, 0, k, false); else cborHead(out, 1, -1 - k, false);
        out.write(0xF6);
        if (!indefinite) throw new Skip();
      }
      if (indefinite) out.write(0xFF);
    } else if (v instanceof List) {
      List<Object> list = (List<Object>) v;
      boolean indefinite = random.nextBoolean();
      if (indefinite) out.write(0x9F); else cborHead(out, 4, list.size(), random.nextInt(8) == 0);
      for (Object item : list) cborValue(out, item);
      if (indefinite) out.write(0xFF);
    } else if (v instanceof String s) cborString(out, 3, s.getBytes(StandardCharsets.UTF_8));
    else if (v instanceof byte[] b) cborString(out, 2, b);
    else if (v instanceof Integer || v instanceof Long) {
      long l = ((Number) v).longValue();
      boolean wide = random.nextInt(4) == 0;
      if (l >= 0) cborHead(out, 0, l, wide); else cborHead(out, 1, -1 - l, wide);
    } else if (v instanceof BigInteger b) {
      if (random.nextBoolean()) {  // as Jackson writes it: tag 2/3 + toByteArray of |v|
        cborHead(out, 6, b.signum() < 0 ? 3 : 2, false);
        cborString(out, 2, b.abs().toByteArray());
      } else {  // a raw 64-bit unsigned argument, possibly beyond long
        long bits = b.longValue();
        cborHead(out, random.nextBoolean() ? 0 : 1, bits, true);
      }
    } else if (v instanceof Float f) {
      out.write(0xFA);
      int bits = Float.floatToRawIntBits(f);
      for (int s = 24; s >= 0; s -= 8) out.write(bits >>> s);
    } else if (v instanceof Double d) {
      if (random.nextInt(4) == 0) {  // a half float
        int half = random.nextInt(65536);
        out.write(0xF9);
        out.write(half >> 8);
        out.write(half);
      } else {
        out.write(0xFB);
        long bits = Double.doubleToRawLongBits(d);
        for (int s = 56; s >= 0; s -= 8) out.write((int) (bits >>> s));
      }
    } else if (v instanceof BigDecimal d) {  // tag 4 [scale, unscaled] as Jackson writes it
      cborHead(out, 6, 4, false);
      out.write(0x82);
      long scale = d.scale();
      if (scale >= 0) cborHead(out, 0, scale, false); else cborHead(out, 1, -1 - scale, false);
      cborValue(out, d.unscaledValue().bitLength() < 63 ? (Object) d.unscaledValue().longValue() : d.unscaledValue());
    } else throw new IllegalStateException(v.getClass().toString());
  }

  private static final class Skip extends RuntimeException {}

  private byte[] writeCborByHand(Object document) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextBoolean()) { out.write(0xD9); out.write(0xD9); out.write(0xF7); }
    cborValue(out, document);
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- a YAML writer with choices

  private static final String[] PLAIN_WORDS = {
    "yes", "Yes", "YES", "no", "No", "on", "On", "OFF", "off", "y", "n", "Y", "true", "False", "TRUE",
    "yEs", "~", "null", "Null", "NULL", "nULL", "0", "-0", "017", "019", "08", "+1", "-1", "0x1F",
    "0b101", "1_000", "1e5", "1E+5", "-1.5e-3", ".5", "-.5", "1.", "1_0.5", "12345678901234567890",
    "-9223372036854775808", "2147483648", "-2147483649", "0000000000123", "1:30", "2001-12-14",
    "hello world", "a#b", "<<", "3.14", "1.2.3", "x: y", "tab\there", "@home", ".inf", "-.Inf",
    ".NaN", "1:30.5", "Infinity", "NaN", "100000000000000000000000000000"
  };

  private void yamlScalar(StringBuilder b, Object v, int indent) {
    if (v == null) { b.append(random.nextBoolean() ? "null" : "~"); return; }
    if (v instanceof byte[] bytes) { v = Base64.getEncoder().encodeToString(bytes); }
    if (v instanceof String s) {
      int style = random.nextInt(6);
      if (style == 0) {
        String word = PLAIN_WORDS[random.nextInt(PLAIN_WORDS.length)];
        b.append(word.contains(": ") || word.startsWith("@") || word.contains("\t") ? "'" + word + "'" : word);
      } else if (style == 1 && !s.isEmpty() && s.codePoints().allMatch(XContentOracle::yamlPrintable)) {
        b.append('\'').append(s.replace("'", "''")).append('\'');  // folding breaks → use for one-liners
      } else if (style == 2 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !s.isEmpty()
          && !s.startsWith(" ") && !s.endsWith(" ")) {
        String pad = " ".repeat(indent + 2);
        b.append(random.nextBoolean() ? "|" : ">").append(random.nextBoolean() ? "-" : "").append('\n');
        for (String line : s.split("(?<=\\G.{20})")) b.append(pad).append(line).append('\n');
        b.append(" ".repeat(indent));
        b.setLength(b.length() - indent);  // the caller adds the line break
        if (b.charAt(b.length() - 1) == '\n') b.setLength(b.length() - 1);
      } else {
        yamlDoubleQuoted(b, s);
      }
      return;
    }
    if (v instanceof Float f) { b.append(f); return; }
    b.append(v);
  }

  /** SnakeYAML 1.15's printable characters (astral ones are not: it checks Java chars). */
  private static boolean yamlPrintable(int cp) {
    // (Raw characters beyond U+FFFF are refused by SnakeYAML 1.15 but read by shardlift on
    // purpose, so the hand-written YAML never holds them unescaped.)
    return cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0x7e) || cp == 0x85
        || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd);
  }

  private void yamlDoubleQuoted(StringBuilder b, String s) {
    b.append('"');
    s.codePoints().forEach(cp -> {
      if (cp == '"' || cp == '\\') b.append('\\').appendCodePoint(cp);
      else if (cp >= 0x10000) b.append(String.format("\\U%08x", cp));
      else if (!yamlPrintable(cp) || cp < 0x20) b.append(String.format("\\x%02x", cp));
      else if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) b.append(String.format("\\u%04x", cp));
      else if (cp > 0x7f && random.nextInt(4) == 0) b.append(String.format("\\u%04X", cp));
      else b.appendCodePoint(cp);
    });
    b.append('"');
  }

  private static boolean plainKey(String k) {
    return !k.isEmpty() && k.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x7f);
  }

  private void yamlKey(StringBuilder b, String k) {
    if (plainKey(k) && random.nextBoolean()) b.append(k);
    else yamlDoubleQuoted(b, k);
  }

  @SuppressWarnings("unchecked")
  private void yamlFlow(StringBuilder b, Object v) {
    if (v instanceof Map) {
      b.append('{');
      String sep = "";
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        b.append(sep);
        sep = random.nextBoolean() ? ", " : ",\n  ";
        yamlKey(b, e.getKey());
        b.append(": ");
        yamlFlow(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      String sep = "";
      for (Object item : (List<Object>) v) {
        b.append(sep);
        sep = ", ";
        yamlFlow(b, item);
      }
      b.append(']');
    } else if (v instanceof String s) {
      yamlDoubleQuoted(b, s);
    } else if (v instanceof byte[] bytes) {
      b.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    } else {
      yamlScalar(b, v, 0);
    }
  }

  @SuppressWarnings("unchecked")
  private void yamlBlock(StringBuilder b, Object v, int indent) {
    String pad = " ".repeat(indent);
    if (v instanceof Map<?, ?> m && !m.isEmpty() && random.nextInt(8) > 0) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        b.append(pad);
        yamlKey(b, e.getKey());
        b.append(':');
        Object value = e.getValue();
        if ((value instanceof Map<?, ?> mm && !mm.isEmpty()) || (value instanceof List<?> ll && !ll.isEmpty())) {
          if (random.nextInt(4) == 0) { b.append(' '); yamlFlow(b, value); b.append('\n'); continue; }
          if (random.nextInt(5) == 0) b.append("  # note");
          b.append('\n');
          yamlBlock(b, value, value instanceof List && random.nextBoolean() ? indent : indent + 2);
        } else {
          b.append(' ');
          if (value instanceof Map || value instanceof List) yamlFlow(b, value); else yamlScalar(b, value, indent);
          b.append('\n');
        }
      }
    } else if (v instanceof List<?> l && !l.isEmpty() && random.nextInt(8) > 0) {
      for (Object item : (List<Object>) v) {
        b.append(pad).append("-");
        if ((item instanceof Map<?, ?> mm && !mm.isEmpty()) || (item instanceof List<?> ll && !ll.isEmpty())) {
          b.append('\n');
          yamlBlock(b, item, indent + 2);
        } else {
          b.append(' ');
          if (item instanceof Map || item instanceof List) yamlFlow(b, item); else yamlScalar(b, item, indent);
          b.append('\n');
        }
      }
    } else {
      b.append(pad);
      yamlFlow(b, v);
      b.append('\n');
    }
  }

  private byte[] writeYamlByHand(Object document) {
    StringBuilder b = new StringBuilder("---");
    b.append(random.nextBoolean() ? "\n" : " # start\n");
    yamlBlock(b, document, 0);
    if (random.nextBoolean()) b.append("...\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- a JSON writer with choices

  private String space() {
    switch (random.nextInt(8)) {
      case 0: return "\n  ";
      case 1: return " /* c */ ";
      case 2: return " // line\n";
      case 3: return "\r\n\t";
      default: return random.nextBoolean() ? " " : "";
    }
  }

  @SuppressWarnings("unchecked")
  private void jsonValue(StringBuilder b, Object v) throws IOException {
    if (v instanceof Map) {
      b.append('{').append(space());
      String sep = "";
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        b.append(sep).append(space());
        sep = ",";
        jsonString(b, e.getKey());
        b.append(space()).append(':').append(space());
        jsonValue(b, e.getValue());
      }
      b.append(space()).append('}');
    } else if (v instanceof List) {
      b.append('[');
      String sep = "";
      for (Object item : (List<Object>) v) {
        b.append(sep).append(space());
        sep = ",";
        jsonValue(b, item);
      }
      b.append(']');
    } else if (v instanceof String s) jsonString(b, s);
    else if (v instanceof byte[] bytes) b.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) b.append("1e999");
    else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) b.append("-1E+400");
    else if (v instanceof Double d && random.nextBoolean()) b.append(String.format("%.17e", d));
    else b.append(v);
  }

  private void jsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); ++i) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (Character.isHighSurrogate(c) && i + 1 < s.length() && random.nextBoolean()) {
        b.append(String.format("\\u%04x\\u%04X", (int) c, (int) s.charAt(++i)));  // a pair together
      } else if (Character.isSurrogate(c)) b.append(c);
      else if (c < 0x20 || random.nextInt(10) == 0) b.append(String.format("\\u%04x", (int) c));
      else if (c == '/' && random.nextBoolean()) b.append("\\/");
      else b.append(c);
    }
    b.append('"');
  }

  private byte[] writeJsonByHand(Object document) throws IOException {
    // ES detects JSON by '{' after an optional BOM and whitespace (never a comment).
    StringBuilder b = new StringBuilder(random.nextInt(4) == 0 ? "\ufeff" : "");
    b.append(random.nextBoolean() ? " \r\n\t" : "");
    jsonValue(b, document);
    b.append(space());
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- reading back

  private String quoted(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = json.createGenerator(out)) { g.writeString(text); }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The typed events of the first root value, as tests/support/xcontent_events.h prints them. */
  private String events(JsonFactory factory, byte[] body) throws IOException {
    StringBuilder b = new StringBuilder();
    try (JsonParser p = factory.createParser(body)) {
      int depth = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT -> { b.append("{\n"); ++depth; }
          case START_ARRAY -> { b.append("[\n"); ++depth; }
          case END_OBJECT -> { b.append("}\n"); --depth; }
          case END_ARRAY -> { b.append("]\n"); --depth; }
          case FIELD_NAME -> b.append("K:").append(quoted(p.getCurrentName())).append('\n');
          case VALUE_STRING -> b.append("S:").append(quoted(p.getText())).append('\n');
          case VALUE_TRUE -> b.append("true\n");
          case VALUE_FALSE -> b.append("false\n");
          case VALUE_NULL -> b.append("null\n");
          case VALUE_NUMBER_INT -> {
            switch (p.getNumberType()) {
              case INT -> b.append("I:").append(p.getIntValue());
              case LONG -> b.append("L:").append(p.getLongValue());
              default -> b.append("BI:").append(p.getBigIntegerValue());
            }
            b.append('\n');
          }
          case VALUE_NUMBER_FLOAT -> {
            switch (p.getNumberType()) {
              case FLOAT -> b.append(String.format("F:%08x", Float.floatToRawIntBits(p.getFloatValue())));
              case BIG_DECIMAL -> b.append("BD:").append(p.getDecimalValue());
              default -> b.append(String.format("D:%016x", Double.doubleToRawLongBits(p.getDoubleValue())));
            }
            b.append('\n');
          }
          case VALUE_EMBEDDED_OBJECT -> b.append("B:").append(Base64.getEncoder().encodeToString(p.getBinaryValue())).append('\n');
          default -> throw new IOException("unexpected token " + t);
        }
        if (depth == 0) break;
      }
    }
    return b.toString();
  }

  /** What ES 5's XContentHelper.convertToJson prints for the body. */
  private String convertToJson(JsonFactory factory, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonParser p = factory.createParser(body); JsonGenerator g = json.createGenerator(out)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private void record(DataOutputStream out, String format, JsonFactory factory, byte[] body) throws IOException {
    String events;
    String converted;
    try {
      events = events(factory, body);
      converted = convertToJson(factory, body);
    } catch (Exception e) {
      events = "ERROR: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).split("\n")[0];
      converted = "";
    }
    byte[] name = format.getBytes(StandardCharsets.UTF_8);
    out.writeShort(name.length);
    out.write(name);
    for (byte[] part : new byte[][] {body, events.getBytes(StandardCharsets.UTF_8), converted.getBytes(StandardCharsets.UTF_8)}) {
      out.writeInt(part.length);
      out.write(part);
    }
  }

  void writeCase(int index, DataOutputStream out) throws IOException {
    Map<String, Object> document = randomDocument(index);
    record(out, "smile-es", smileEs, writeWithJackson(smileEs, document));
    record(out, "smile-shared-values", smileValues, writeWithJackson(smileValues, document));
    record(out, "smile-plain", smilePlain, writeWithJackson(smilePlain, document));
    record(out, "cbor-jackson", cbor, writeWithJackson(cbor, document));
    try {
      record(out, "cbor-hand", cbor, writeCborByHand(document));
    } catch (Skip ignored) {
      // an integer key appended to a definite-length map would break the count: skip the case
    }
    if (index % 10 > 1) {  // YAML and JSON text: skip the huge and deep documents
      record(out, "yaml-jackson", yaml, writeWithJackson(yaml, document));
      record(out, "yaml-hand", yaml, writeYamlByHand(document));
      record(out, "json-hand", json, writeJsonByHand(document));
    }
  }
}
