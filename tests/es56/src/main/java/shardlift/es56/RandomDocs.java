package shardlift.es56;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random ids, routings and document values that stress a reader: unicode, sizes, number kinds. */
final class RandomDocs {
  private static final String[] WORDS = {
      "alpha", "epoch", "gpu", "queue", "réseau", "Straße", "модель", "训练", "データ", "عربى",
      "ελληνικά", "naïve", "e\u0301", "👩‍💻", "😀", "𝄞", "\u200b", "tab\there", "line\nbreak",
      "quote\"d", "back\\slash", "ctl\u0001\u001f", "nul\u0000x", "<tag>&amp;", "%41", "#", "/"};
  private static final String[] ID_SHAPES = {
      "plain", "with space", "a#b", "a/b", "?q=1&x", "%2F", "+plus+", "ü", "日本", "😀", "tab\t",
      "dots.in.id", "-", "\u00a0nbsp"};

  private final Random random;
  private int serial;

  RandomDocs(Random random) {
    this.random = random;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  double nextGaussian() {
    return random.nextGaussian();
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  <T> T pick(T[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A fresh id: mostly simple, sometimes unicode, URL-hostile or up to ES's 512-byte limit. */
  String id(String prefix) {
    int n = serial++;
    switch (random.nextInt(10)) {
      case 0:
        return prefix + " " + pick(ID_SHAPES) + " " + n;
      case 1:
        return pick(WORDS).replace("\u0000", "") + "-" + n;
      case 2: {
        StringBuilder id = new StringBuilder(prefix).append(n).append('~');
        while (id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 500) {
          id.append("é");
        }
        return id.toString();
      }
      default:
        return prefix + n;
    }
  }

  String routing() {
    return chance(0.5) ? "r" + random.nextInt(50)
                       : pick(WORDS).replace("\u0000", "") + random.nextInt(9);
  }

  String text(int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        text.append(' ');
      }
      text.append(pick(WORDS));
    }
    return text.toString();
  }

  /** A string of about {@code bytes} bytes, unicode-heavy so byte and char lengths differ. */
  String bigText(int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    while (text.length() * 2 < bytes) {
      text.append(pick(WORDS)).append(' ').append(random.nextInt(100000)).append(' ');
    }
    return text.toString();
  }

  /**
   * A free-form value for a field mapped {@code enabled: false} (so ES keeps it unparsed): number
   * kinds and magnitudes no mapped field would accept, deep nesting, mixed arrays, and for binary
   * formats raw bytes, 32-bit floats and big decimals.
   */
  Object payload(Bodies.Format format, int depth) {
    boolean binaryFormat = format.binary();
    boolean cbor = format == Bodies.Format.CBOR || format == Bodies.Format.CBOR_DEFINITE;
    int kind = random.nextInt(depth > 3 ? 14 : 18);
    switch (kind) {
      case 0: return random.nextInt();
      case 1: return random.nextLong();
      case 2: return pick(new Long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 1L << 53});
      case 3: {
        // Jackson 2.8 (ES 5.6's parser) misreads CBOR negative bignums and cannot re-read the
        // bignums its own generator writes (ES re-encodes sources on update and _source
        // filtering), so CBOR gets longs here.
        BigInteger big = BigInteger.ONE.shiftLeft(64).add(new BigInteger(60, random));
        return cbor ? (Object) random.nextLong() : random.nextBoolean() ? big : big.negate();
      }
      case 4: return pick(new Double[] {
          -0.0, 0.0, 1.0, 2.5, 1e300, -1e-300, 4.9e-324, Double.MAX_VALUE, 0.1, 1e21, 123456789.0});
      case 5: return random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
      case 6: // 32-bit floats: ES prints them as Float.toString does
        return binaryFormat
            ? (Object) pick(new Float[] {1.5f, 0.1f, -0.0f, 3.4e38f, 1e-40f, 65504f})
            : (Object) random.nextDouble();
      case 7: // CBOR decimal fractions: Jackson 2.8 writes and reads the exponent's sign wrong
        return format == Bodies.Format.SMILE
            ? (Object) new BigDecimal(new BigInteger(80, random), random.nextInt(30)) : text(2);
      case 8: {
        if (!binaryFormat) {
          return null;
        }
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return bytes;
      }
      case 9: return random.nextBoolean();
      case 10: case 11: return text(1 + random.nextInt(4));
      case 12: return "";
      case 13: return null;
      case 14: case 15: {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          object.put(fieldName(), payload(format, depth + 1));
        }
        return object;
      }
      case 16: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          list.add(payload(format, depth + 1));
        }
        return list;
      }
      default: {
        Object deep = text(1);
        for (int level = 10 + random.nextInt(30); level > 0; level--) {
          Map<String, Object> wrapper = new LinkedHashMap<>();
          wrapper.put("d" + level, level % 3 == 0 ? List.of(deep) : deep);
          deep = wrapper;
        }
        return deep;
      }
    }
  }

  /** Names vary too: unicode, dots (ES 5 expands them only in mapped fields), the empty name. */
  String fieldName() {
    switch (random.nextInt(8)) {
      case 0: return pick(WORDS).replace("\u0000", "");
      case 1: return "k." + random.nextInt(9);
      case 2: return "";
      default: return "k" + random.nextInt(30);
    }
  }
}
