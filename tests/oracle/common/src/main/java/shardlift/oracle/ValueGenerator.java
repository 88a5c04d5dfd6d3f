package shardlift.oracle;

import java.util.Random;

/**
 * Random stored-field values, biased towards the edge cases of Lucene's stored-fields encodings
 * (ZInt, ZFloat, ZDouble, TLong, empty and multi-byte strings, values large enough to slice a
 * chunk). Large values draw on a byte budget so that an index stays as small as asked for.
 */
final class ValueGenerator {
  private static final long SECOND = 1000L;
  private static final long HOUR = 60 * 60 * SECOND;
  private static final long DAY = 24 * HOUR;

  private static final int[] INT_EDGES = {
    0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 1 << 20, -(1 << 27), 1 << 28,
    Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1
  };

  // TLong picks a unit (day, hour, second, none) and then stores the zig-zag quotient in a header
  // byte (5 bits) plus an optional VLong: these hit each unit with and without the VLong.
  private static final long[] LONG_EDGES = {
    0, 1, -1, 15, 16, -16, -17, 31, 32, SECOND, -SECOND, 15 * SECOND, 16 * SECOND, HOUR, -HOUR,
    16 * HOUR, -17 * HOUR, DAY, -DAY, 15 * DAY, 16 * DAY, -17 * DAY, Long.MAX_VALUE / DAY * DAY,
    Long.MIN_VALUE / DAY * DAY, Long.MAX_VALUE / HOUR * HOUR, Long.MIN_VALUE / SECOND * SECOND,
    1_500_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1
  };

  // ZFloat: small integers -1..125 take one byte, -0.0 must not; positive floats 4 bytes, negative 5.
  private static final float[] FLOAT_EDGES = {
    0f, -0f, 1f, -1f, 125f, 126f, -2f, 0.5f, -0.5f, Float.NaN, Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
    Float.MIN_NORMAL, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000)
  };

  // ZDouble: small integers -1..124 take one byte; doubles exact as floats take 5; others 8 or 9.
  private static final double[] DOUBLE_EDGES = {
    0d, -0d, 1d, -1d, 124d, 125d, -2d, 0.5, 0.1, -0.1, Double.NaN, Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
    -Double.MAX_VALUE, Double.MIN_NORMAL, Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_NORMAL,
    Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff8000000000000L)
  };

  // Strings of 1–4 UTF-8 bytes per code point, a NUL, noncharacters and lone surrogates (which
  // Lucene writes as U+FFFD).
  private static final String[] UNICODE_ATOMS = {
    "a", "Z", " ", "0", "é", "ß", "Ω", "ж", "\u07ff", "\u0800", "日本語", "한", "€", "\uffff",
    "\u0000", "\u007f", "\u0080", "😀", "𝄞", "\uD83D\uDE80", "\uDBFF\uDFFF", "\uD800", "\uDC00"
  };

  private static final String[] WORDS = {
    "lorem", "ipsum", "dolor", "sit", "amet", "alpha", "beta", "gamma", "delta", "épsilon",
    "日本語", "z😀z", "shard", "segment", "chunk", "{\"k\":1}", "\t", "\n"
  };

  private final Random random;
  private long budget;

  /** {@code budget}: bytes available for values above a few KB. */
  ValueGenerator(Random random, long budget) {
    this.random = random;
    this.budget = budget;
  }

  String string() {
    int r = random.nextInt(100);
    if (r < 8) return "";
    if (r < 40) return words(1 + random.nextInt(8));
    if (r < 70) return unicode(1 + random.nextInt(60));
    if (r < 90) return words(20 + random.nextInt(400));
    if (r < 98) return words(large(4 << 10, 64 << 10) / 6);
    return hugeString();
  }

  /** 128 KB to 3 MB of text (budget permitting): enough to slice any chunk. */
  String hugeString() {
    return random.nextBoolean() ? words(large(128 << 10, 3 << 20) / 6) : unicode(large(64 << 10, 1 << 20) / 3);
  }

  /** A short string, for fields that are also indexed (terms are limited to 32 KB). */
  String shortString() {
    return random.nextBoolean() ? words(1 + random.nextInt(4)) : unicode(1 + random.nextInt(12));
  }

  byte[] bytes() {
    int r = random.nextInt(100);
    if (r < 10) return new byte[0];
    if (r < 60) return bytes(1 + random.nextInt(32));
    if (r < 85) return bytes(33 + random.nextInt(2000));
    if (r < 97) return bytes(large(2 << 10, 64 << 10));
    return hugeBytes();
  }

  /** 128 KB to 3 MB of bytes (budget permitting). */
  byte[] hugeBytes() {
    return bytes(large(128 << 10, 3 << 20));
  }

  /** Up to 100 bytes, for doc values. */
  byte[] shortBytes() {
    return bytes(random.nextInt(101));
  }

  int anInt() {
    if (random.nextInt(100) < 30) return INT_EDGES[random.nextInt(INT_EDGES.length)];
    return random.nextInt() >> random.nextInt(32);
  }

  long aLong() {
    int r = random.nextInt(100);
    if (r < 20) return LONG_EDGES[random.nextInt(LONG_EDGES.length)];
    long unit = new long[] {1, SECOND, HOUR, DAY}[random.nextInt(4)];
    if (r < 40) return 1_400_000_000_000L / unit * unit + random.nextInt(1 << 20) * unit;
    // Dividing before multiplying keeps the product in range; the shift spreads the magnitudes.
    return (random.nextLong() >> random.nextInt(64)) / unit * unit;
  }

  float aFloat() {
    int r = random.nextInt(100);
    if (r < 30) return FLOAT_EDGES[random.nextInt(FLOAT_EDGES.length)];
    if (r < 55) return random.nextInt(130) - 3;
    if (r < 75) return random.nextInt(20000) / 8f - 1000f;
    return Float.intBitsToFloat(random.nextInt());
  }

  double aDouble() {
    int r = random.nextInt(100);
    if (r < 30) return DOUBLE_EDGES[random.nextInt(DOUBLE_EDGES.length)];
    if (r < 50) return random.nextInt(130) - 3;
    if (r < 65) return random.nextInt(20000) / 8f - 1000f;
    if (r < 80) return random.nextInt(1_000_000) / 100.0;
    return Double.longBitsToDouble(random.nextLong());
  }

  /** A size in [min, max) charged to the budget; small when the budget is spent. */
  private int large(int min, int max) {
    if (budget < min) return 1 + random.nextInt(64);
    int size = (int) Math.min(min + random.nextInt(max - min), budget);
    budget -= size;
    return size;
  }

  private byte[] bytes(int length) {
    byte[] value = new byte[length];
    if (random.nextBoolean()) {
      random.nextBytes(value);
    } else {
      // Compressible: a short random period repeated, as real documents are.
      byte[] period = new byte[1 + random.nextInt(64)];
      random.nextBytes(period);
      for (int i = 0; i < length; i++) value[i] = period[i % period.length];
    }
    return value;
  }

  private String words(int count) {
    StringBuilder text = new StringBuilder(count * 6);
    for (int i = 0; i < count; i++) {
      if (i > 0) text.append(' ');
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  private String unicode(int atoms) {
    StringBuilder text = new StringBuilder(atoms * 2);
    for (int i = 0; i < atoms; i++) text.append(UNICODE_ATOMS[random.nextInt(UNICODE_ATOMS.length)]);
    return text.toString();
  }
}
