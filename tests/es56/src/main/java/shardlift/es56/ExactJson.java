package shardlift.es56;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value compared the way ../shared/README.md defines it: object key order kept, integers
 * and floats are different kinds, integers exact however big, strings exact. Floats are equal when
 * they are the same double (bit for bit, so -0.0 is not 0.0): digit strings legitimately differ
 * between printers (Java prints Double.MIN_VALUE as 4.9E-324, shortest-repr printers as 5e-324,
 * and the Double.toString of Java 8-18, which ES uses, sometimes prints 18 digits where 17 do). An
 * expected float with more than 18 significant digits holds more than any double (a SMILE
 * BigDecimal as ES printed it, or a long JSON literal) and must match as an exact decimal.
 */
sealed interface ExactJson {
  record Obj(List<Map.Entry<String, ExactJson>> members) implements ExactJson {}

  record Arr(List<ExactJson> items) implements ExactJson {}

  record Str(String value) implements ExactJson {}

  record Int(BigInteger value) implements ExactJson {}

  /** A float: its exact decimal value and the double it parses to. */
  record Flt(BigDecimal value, double asDouble) implements ExactJson {}

  record Bool(boolean value) implements ExactJson {}

  record Null() implements ExactJson {}

  /** The most significant digits a Java 8-18 Double.toString prints (17 tell doubles apart). */
  int DOUBLE_DIGITS = 18;

  /** Parses one whole JSON text (a server's answer). */
  static ExactJson parse(byte[] json) throws IOException {
    try (JsonParser parser = Neutral.JSON.createParser(json)) {
      parser.nextToken();
      return read(parser);
    }
  }

  /** The member {@code name} of an object; a missing one is a broken answer. */
  static ExactJson member(ExactJson object, String name) {
    for (Map.Entry<String, ExactJson> member : ((Obj) object).members()) {
      if (member.getKey().equals(name)) {
        return member.getValue();
      }
    }
    throw new IllegalStateException("no \"" + name + "\" in response");
  }

  /** Reads the value at the parser's current token (which must be the value's first token). */
  static ExactJson read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT: {
        List<Map.Entry<String, ExactJson>> members = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.getCurrentName();
          parser.nextToken();
          members.add(Map.entry(name, read(parser)));
        }
        return new Obj(members);
      }
      case START_ARRAY: {
        List<ExactJson> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser));
        }
        return new Arr(items);
      }
      case VALUE_STRING:
        return new Str(parser.getText());
      case VALUE_NUMBER_INT:
        return new Int(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT: {
        String text = parser.getText();
        return new Flt(new BigDecimal(text), Double.parseDouble(text));
      }
      case VALUE_TRUE:
        return new Bool(true);
      case VALUE_FALSE:
        return new Bool(false);
      case VALUE_NULL:
        return new Null();
      default:
        throw new IOException(
            "unexpected JSON token " + token + " at " + parser.getCurrentLocation());
    }
  }

  /** Null when equal, else where and how the two first differ. */
  static String firstDifference(ExactJson expected, ExactJson actual, String path) {
    if (expected instanceof Obj e && actual instanceof Obj a) {
      for (int i = 0; i < Math.max(e.members().size(), a.members().size()); i++) {
        if (i >= e.members().size()) {
          return path + ": unexpected member \"" + a.members().get(i).getKey() + "\"";
        }
        if (i >= a.members().size()) {
          return path + ": missing member \"" + e.members().get(i).getKey() + "\"";
        }
        String name = e.members().get(i).getKey();
        if (!name.equals(a.members().get(i).getKey())) {
          return path + ": member #" + i + " is \"" + a.members().get(i).getKey()
              + "\", expected \"" + name + "\"";
        }
        String difference = firstDifference(
            e.members().get(i).getValue(), a.members().get(i).getValue(), path + "." + name);
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    if (expected instanceof Arr e && actual instanceof Arr a) {
      if (e.items().size() != a.items().size()) {
        return path + ": " + a.items().size() + " items, expected " + e.items().size();
      }
      for (int i = 0; i < e.items().size(); i++) {
        String difference =
            firstDifference(e.items().get(i), a.items().get(i), path + "[" + i + "]");
        if (difference != null) {
          return difference;
        }
      }
      return null;
    }
    boolean same;
    if (expected instanceof Flt e && actual instanceof Flt a) {
      same = e.value().stripTrailingZeros().precision() > DOUBLE_DIGITS
          ? e.value().compareTo(a.value()) == 0
          : Double.doubleToLongBits(e.asDouble()) == Double.doubleToLongBits(a.asDouble());
    } else {
      same = expected.equals(actual);
    }
    return same ? null : path + ": " + describe(actual) + ", expected " + describe(expected);
  }

  static String describe(ExactJson value) {
    String text;
    if (value instanceof Obj o) {
      text = "object of " + o.members().size() + " members";
    } else if (value instanceof Arr a) {
      text = "array of " + a.items().size();
    } else if (value instanceof Str s) {
      text = "string \"" + s.value() + "\"";
    } else if (value instanceof Int i) {
      text = "integer " + i.value();
    } else if (value instanceof Flt f) {
      text = "float " + (f.value().signum() == 0 ? Double.toString(f.asDouble()) : f.value());
    } else if (value instanceof Bool b) {
      text = "boolean " + b.value();
    } else {
      text = "null";
    }
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
