package shardlift.es56;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it, which is what ClearML's server sends to
 * Elasticsearch (elasticsearch-py: compact separators, {@code ensure_ascii=False}) and what it
 * stores inside strings such as a plot's {@code plot_str} (the defaults: ", " and ": ",
 * {@code ensure_ascii=True}). Values: Map (ordered), List, String, Integer, Long,
 * {@link FloatValue}, Boolean and null.
 */
final class PyJson {
  /** A Python float, printed as Python's {@code repr} prints it ("1e+39", "0.5", "3.0"). */
  record FloatValue(String text) {
    /** The float nearest {@code unscaled} * 10^-{@code scale}; ≤ 15 digits keep it exact. */
    static FloatValue of(long unscaled, int scale) {
      return new FloatValue(repr(BigDecimal.valueOf(unscaled, scale)));
    }
  }

  private final boolean spaced;
  private final boolean asciiOnly;
  private final StringBuilder out = new StringBuilder();

  private PyJson(boolean spaced, boolean asciiOnly) {
    this.spaced = spaced;
    this.asciiOnly = asciiOnly;
  }

  /** {@code json.dumps(value, separators=(",", ":"), ensure_ascii=False)}. */
  static String compact(Object value) {
    PyJson json = new PyJson(false, false);
    json.value(value);
    return json.out.toString();
  }

  /** {@code json.dumps(value)}: Python's defaults. */
  static String dumps(Object value) {
    PyJson json = new PyJson(true, true);
    json.value(value);
    return json.out.toString();
  }

  /**
   * Python's shortest repr of a float given as an exact decimal with at most 17 significant
   * digits that round-trip: positional for decimal exponents -4..15, else d.ddde±XX.
   */
  static String repr(BigDecimal value) {
    if (value.signum() == 0) {
      return "0.0";
    }
    BigDecimal v = value.stripTrailingZeros();
    String digits = v.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - v.scale();
    String sign = v.signum() < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits
          : digits.charAt(0) + "." + digits.substring(1);
      return String.format("%s%se%s%02d", sign, mantissa, exponent < 0 ? "-" : "+",
          Math.abs(exponent));
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
  }

  @SuppressWarnings("unchecked")
  private void value(Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> member : ((Map<String, Object>) map).entrySet()) {
        if (!first) {
          out.append(spaced ? ", " : ",");
        }
        first = false;
        string(member.getKey());
        out.append(spaced ? ": " : ":");
        value(member.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(spaced ? ", " : ",");
        }
        value(list.get(i));
      }
      out.append(']');
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof FloatValue f) {
      out.append(f.text());
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value == null) {
      out.append("null");
    } else {
      throw new IllegalArgumentException("no Python JSON form for " + value.getClass());
    }
  }

  /** Python's escaping: short forms for \" \\ \n \r \t \b \f, else \\u00xx in lowercase hex. */
  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));  // UTF-16 units: surrogate pairs
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
