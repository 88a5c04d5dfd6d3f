package shardlift.es56;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request bodies in every content type ES 5.6 accepts, written the way clients write them:
 * Jackson (as ES's own Java clients did) with its options varied, plus a definite-length CBOR
 * writer like most non-Java CBOR libraries. A document is a tree of Map (ordered), List, String,
 * Integer/Long/BigInteger, Float/Double/BigDecimal, Boolean, null and byte[] (binary formats only).
 */
final class Bodies {
  enum Format {
    JSON("application/json"),
    JSON_PRETTY("application/json"),
    SMILE("application/smile"),
    CBOR("application/cbor"),
    CBOR_DEFINITE("application/cbor"),
    YAML("application/yaml");

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    /** Whether the format has native binary values and 32-bit floats. */
    boolean binary() {
      return this == SMILE || this == CBOR || this == CBOR_DEFINITE;
    }
  }

  private final Random random;

  Bodies(Random random) {
    this.random = random;
  }

  byte[] encode(Object doc, Format format) throws IOException {
    if (format == Format.CBOR_DEFINITE) {
      return new DefiniteCbor(random).document(doc);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (format == Format.JSON_PRETTY && random.nextBoolean()) {
      bytes.write("\n  ".getBytes(StandardCharsets.US_ASCII));  // ES keeps leading whitespace
    }
    try (JsonGenerator out = factory(format).createGenerator(bytes)) {
      if (format == Format.JSON_PRETTY) {
        out.useDefaultPrettyPrinter();
      }
      write(out, doc);
    }
    return bytes.toByteArray();
  }

  /** Compact JSON, as most clients send it. */
  static byte[] json(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = Neutral.JSON.createGenerator(bytes)) {
      write(out, value);
    }
    return bytes.toByteArray();
  }

  /** One bulk body item (action line or document) in SMILE, as the bulk API splits them. */
  byte[] smileBulkItem(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = new SmileFactory().createGenerator(bytes)) {
      write(out, value);
    }
    return bytes.toByteArray();
  }

  private JsonFactory factory(Format format) {
    switch (format) {
      case SMILE: {
        SmileFactory smile = new SmileFactory();
        smile.configure(SmileGenerator.Feature.CHECK_SHARED_NAMES, random.nextInt(4) != 0);
        smile.configure(SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES, random.nextBoolean());
        smile.configure(SmileGenerator.Feature.ENCODE_BINARY_AS_7BIT, random.nextBoolean());
        smile.configure(SmileGenerator.Feature.WRITE_END_MARKER, random.nextInt(4) == 0);
        return smile;
      }
      case CBOR: {
        CBORFactory cbor = new CBORFactory();
        cbor.configure(CBORGenerator.Feature.WRITE_TYPE_HEADER, random.nextInt(3) == 0);
        cbor.configure(CBORGenerator.Feature.WRITE_MINIMAL_INTS, random.nextBoolean());
        return cbor;
      }
      case YAML: {
        YAMLFactory yaml = new YAMLFactory();
        // ES recognises a stored YAML source only by its leading "---".
        yaml.configure(YAMLGenerator.Feature.WRITE_DOC_START_MARKER, true);
        yaml.configure(YAMLGenerator.Feature.MINIMIZE_QUOTES, random.nextBoolean());
        yaml.configure(YAMLGenerator.Feature.SPLIT_LINES, random.nextBoolean());
        return yaml;
      }
      default:
        return Neutral.JSON;
    }
  }

  @SuppressWarnings("unchecked")
  static void write(JsonGenerator out, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<String, Object> member : ((Map<String, Object>) map).entrySet()) {
        out.writeFieldName(member.getKey());
        write(out, member.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object item : list) {
        write(out, item);
      }
      out.writeEndArray();
    } else if (value instanceof String s) {
      out.writeString(s);
    } else if (value instanceof Integer i) {
      out.writeNumber(i);
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof BigInteger b) {
      out.writeNumber(b);
    } else if (value instanceof Float f) {
      out.writeNumber(f);
    } else if (value instanceof Double d) {
      out.writeNumber(d);
    } else if (value instanceof BigDecimal b) {
      out.writeNumber(b);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof byte[] b) {
      out.writeBinary(b);
    } else if (value == null) {
      out.writeNull();
    } else {
      throw new IllegalArgumentException("no JSON form for " + value.getClass());
    }
  }

  /**
   * CBOR with definite lengths (maps 0xA0-0xBB, as Python's cbor2 or Go's codecs write them),
   * shortest ints (up to 2^64-1), half/single/double floats by value, and now and then a
   * self-describe tag or a long string sent in indefinite-length chunks.
   */
  private static final class DefiniteCbor {
    private final Random random;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DefiniteCbor(Random random) {
      this.random = random;
    }

    byte[] document(Object doc) {
      if (random.nextInt(4) == 0) {
        out.write(0xD9);  // tag 55799, "self-described CBOR"
        out.write(0xD9);
        out.write(0xF7);
      }
      value(doc);
      return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private void value(Object value) {
      if (value instanceof Map<?, ?> map) {
        head(5, map.size());
        for (Map.Entry<String, Object> member : ((Map<String, Object>) map).entrySet()) {
          text(member.getKey());
          value(member.getValue());
        }
      } else if (value instanceof List<?> list) {
        head(4, list.size());
        list.forEach(this::value);
      } else if (value instanceof String s) {
        text(s);
      } else if (value instanceof Integer || value instanceof Long) {
        integer(BigInteger.valueOf(((Number) value).longValue()));
      } else if (value instanceof BigInteger b) {
        integer(b);
      } else if (value instanceof Float f) {
        floating(f);
      } else if (value instanceof Double d) {
        floating(d);
      } else if (value instanceof Boolean b) {
        out.write(b ? 0xF5 : 0xF4);
      } else if (value instanceof byte[] b) {
        head(2, b.length);
        out.writeBytes(b);
      } else if (value == null) {
        out.write(0xF6);
      } else {
        throw new IllegalArgumentException("no CBOR form for " + value.getClass());
      }
    }

    private void text(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 64 && random.nextInt(3) == 0) {
        out.write(0x7F);  // indefinite-length text: chunks split at code point boundaries
        int start = 0;
        for (int i = 0; i < s.length(); ) {
          int end = Math.min(s.length(), i + 1 + random.nextInt(40));
          if (end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
            end++;
          }
          byte[] chunk = s.substring(start, end).getBytes(StandardCharsets.UTF_8);
          head(3, chunk.length);
          out.writeBytes(chunk);
          start = i = end;
        }
        out.write(0xFF);
        return;
      }
      head(3, utf8.length);
      out.writeBytes(utf8);
    }

    private void integer(BigInteger value) {
      boolean negative = value.signum() < 0;
      BigInteger magnitude = negative ? value.negate().subtract(BigInteger.ONE) : value;
      // Bignums (tags 2/3) and negatives below -2^63 are left out: ES 5.6's Jackson misreads them.
      if (magnitude.bitLength() > 64 || (negative && magnitude.bitLength() > 63)) {
        throw new IllegalArgumentException("no CBOR form ES 5.6 reads right for " + value);
      }
      head(negative ? 1 : 0, magnitude.longValue());
    }

    private void floating(float f) {
      short half = toHalf(f);
      if (!Float.isNaN(f) && fromHalf(half) == f && Float.floatToIntBits(fromHalf(half))
          == Float.floatToIntBits(f)) {
        out.write(0xF9);
        out.write(half >> 8);
        out.write(half);
        return;
      }
      out.write(0xFA);
      int bits = Float.floatToIntBits(f);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(bits >> shift);
      }
    }

    private void floating(double d) {
      out.write(0xFB);
      long bits = Double.doubleToLongBits(d);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (bits >> shift));
      }
    }

    /** Major type + argument in the shortest form. */
    private void head(int major, long argument) {
      int type = major << 5;
      if (argument >= 0 && argument < 24) {
        out.write(type | (int) argument);
      } else if (argument >= 0 && argument < 0x100) {
        out.write(type | 24);
        out.write((int) argument);
      } else if (argument >= 0 && argument < 0x10000) {
        out.write(type | 25);
        out.write((int) (argument >> 8));
        out.write((int) argument);
      } else if (argument >= 0 && argument < 0x100000000L) {
        out.write(type | 26);
        for (int shift = 24; shift >= 0; shift -= 8) {
          out.write((int) (argument >> shift));
        }
      } else {
        out.write(type | 27);  // also unsigned arguments >= 2^63, held in a negative long
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (argument >>> shift));
        }
      }
    }

    // IEEE 754 binary16 for the floats that have an exact one (normal range only).
    private static short toHalf(float f) {
      int bits = Float.floatToIntBits(f);
      int sign = (bits >>> 16) & 0x8000;
      int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
      int mantissa = bits & 0x7FFFFF;
      if (f == 0) {
        return (short) sign;
      }
      if (exponent <= 0 || exponent >= 31 || (mantissa & 0x1FFF) != 0) {
        return (short) 0x7E00;  // no exact half: a NaN, which the caller rejects
      }
      return (short) (sign | (exponent << 10) | (mantissa >>> 13));
    }

    private static float fromHalf(short half) {
      int sign = (half & 0x8000) << 16;
      int exponent = (half >>> 10) & 0x1F;
      int mantissa = half & 0x3FF;
      if (exponent == 0 && mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      if (exponent == 0x1F) {
        return Float.NaN;
      }
      return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
  }
}
