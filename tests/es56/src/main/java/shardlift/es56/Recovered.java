package shardlift.es56;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every document a live ES node serves, in the neutral format. Used on a node restarted on a copy
 * of a generated data dir: ES's own translog recovery is then the reference the expected file is
 * checked against.
 *
 * <p>Usage: Recovered URL OUTPUT_FILE
 */
public final class Recovered {
  private Recovered() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Recovered URL OUTPUT_FILE");
      System.exit(2);
    }
    Rest rest = new Rest(args[0]);
    // Closed indices cannot be searched; opening one recovers it like any other.
    rest.okJson("POST", "/_all/_open", null);
    // Yellow: every primary recovered (the unassigned replicas of "multi" keep it from green).
    ExactJson health = Generator.parse(
        rest.okJson("GET", "/_cluster/health?wait_for_status=yellow&timeout=60s", null).body());
    if (!(Generator.member(health, "timed_out") instanceof ExactJson.Bool b) || b.value()) {
      throw new IOException("the restarted node did not recover its primaries: " + health);
    }
    List<Neutral.Line> lines = scrollAll(rest, "_all");
    Neutral.writeSorted(lines, Path.of(args[1]));
    System.out.println("recovered: " + lines.size() + " documents written to " + args[1]);
  }

  /** Refreshes, then scrolls every document of the given indices, with version and routing. */
  static List<Neutral.Line> scrollAll(Rest rest, String indices) throws IOException {
    rest.okJson("POST", "/" + indices + "/_refresh", null);
    List<Neutral.Line> lines = new ArrayList<>();
    String scrollId = page(rest.okJson("POST", "/" + indices + "/_search?scroll=1m",
        "{\"size\":500,\"version\":true,\"sort\":[\"_doc\"],\"query\":{\"match_all\":{}}}").body(),
        lines);
    while (scrollId != null) {
      int before = lines.size();
      String next = page(rest.okJson("POST", "/_search/scroll",
          "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}").body(), lines);
      if (lines.size() == before) {
        rest.okJson("DELETE", "/_search/scroll",
            "{\"scroll_id\":[\"" + scrollId + "\"]}");
        break;
      }
      scrollId = next;
    }
    return lines;
  }

  /** Adds one search response's hits to {@code lines}; returns its scroll id. */
  private static String page(byte[] response, List<Neutral.Line> lines) throws IOException {
    String scrollId = null;
    try (JsonParser parser = Neutral.JSON.createParser(response)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.getCurrentName();
        parser.nextToken();
        if (name.equals("_scroll_id")) {
          scrollId = parser.getText();
        } else if (name.equals("hits")) {
          readHits(parser, lines);
        } else {
          parser.skipChildren();
        }
      }
    }
    return scrollId;
  }

  private static void readHits(JsonParser parser, List<Neutral.Line> lines) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.getCurrentName();
      parser.nextToken();
      if (!name.equals("hits")) {
        parser.skipChildren();
        continue;
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        lines.add(Neutral.fromHit(parser));
      }
    }
  }
}
