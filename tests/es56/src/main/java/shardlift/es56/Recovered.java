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
    awaitStateRecovered(rest);
    // Closed indices cannot be searched; opening one recovers it like any other. _all means the
    // closed ones here, which may be none.
    rest.okJson("POST", "/_all/_open?allow_no_indices=true", null);
    // Yellow: every primary recovered (the unassigned replicas of "multi" keep it from green).
    ExactJson health = ExactJson.parse(
        rest.okJson("GET", "/_cluster/health?wait_for_status=yellow&timeout=60s", null).body());
    if (!(ExactJson.member(health, "timed_out") instanceof ExactJson.Bool b) || b.value()) {
      throw new IOException("the restarted node did not recover its primaries: " + health);
    }
    List<Neutral.Line> lines = scrollAll(rest, "_all");
    Neutral.writeSorted(lines, Path.of(args[1]));
    System.out.println("recovered: " + lines.size() + " documents written to " + args[1]);
  }

  /**
   * Waits until the node has elected itself and read its indices from disk (its "state not
   * recovered" block is gone): it answers HTTP seconds before that, and _all matches nothing yet.
   */
  private static void awaitStateRecovered(Rest rest) throws IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      ExactJson state = ExactJson.parse(
          rest.okJson("GET", "/_cluster/state/master_node,blocks?local=true", null).body());
      boolean elected = ((ExactJson.Obj) state).members().stream()
          .anyMatch(member -> member.getKey().equals("master_node"));
      if (elected && ((ExactJson.Obj) ExactJson.member(state, "blocks")).members().isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the restarted node did not recover its cluster state: " + state);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** Refreshes, then scrolls every document of the given indices, with version and routing. */
  static List<Neutral.Line> scrollAll(Rest rest, String indices) throws IOException {
    rest.okJson("POST", "/" + indices + "/_refresh", null);
    return scroll(rest, "/" + indices + "/_search?scroll=1m", "{\"match_all\":{}}");
  }

  /**
   * Every document a search finds, scrolled; {@code search} is the path with its parameters
   * (indices, scroll, routing), {@code query} the query's JSON.
   */
  static List<Neutral.Line> scroll(Rest rest, String search, String query) throws IOException {
    List<Neutral.Line> lines = new ArrayList<>();
    String scrollId = page(rest.okJson("POST", search,
        "{\"size\":500,\"version\":true,\"sort\":[\"_doc\"],\"query\":" + query + "}").body(),
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
