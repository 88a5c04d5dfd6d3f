package shardlift.es56;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a workload believes a live node holds: every document it wrote and did not delete, with
 * what it takes to GET it, and the _version the last write answered. At the end it asks the node
 * for every one of them and checks the node agrees; that answer is the expected file.
 */
final class Ledger {
  /** A document the workload believes exists, with what it takes to GET it. */
  record Ref(String index, String type, String id, String routing, String parent) {
    String key() {
      return index + "/" + type + "/" + id;
    }
  }

  private static final int MGET_BATCH = 200;

  private final Map<String, Ref> live = new LinkedHashMap<>();
  private final Map<String, Long> versions = new HashMap<>();

  /** Records a write; {@code response} is the write's answer (or a bulk item's), with _version. */
  void remember(Ref ref, ExactJson response) {
    live.put(ref.key(), ref);
    versions.put(ref.key(), ((ExactJson.Int) ExactJson.member(response, "_version")).value()
        .longValue());
  }

  /** The _version the last write of a live document answered. */
  long version(Ref ref) {
    return versions.get(ref.key());
  }

  void forget(Ref ref) {
    live.remove(ref.key());
  }

  /** A deleted index: none of its documents exists any more. */
  void forgetIndex(String index) {
    live.keySet().removeIf(key -> key.startsWith(index + "/"));
  }

  Collection<Ref> live() {
    return live.values();
  }

  int size() {
    return live.size();
  }

  /**
   * GETs every document the workload believes exists (mget, realtime: unflushed docs come from
   * the translog) and checks the node agrees: the same set as a match_all scroll, the same
   * versions as the write responses said. Returns the documents as the node served them.
   */
  List<Neutral.Line> expectedDocuments(Rest rest) throws IOException {
    List<Neutral.Line> lines = new ArrayList<>();
    List<Ref> refs = new ArrayList<>(live.values());
    for (int start = 0; start < refs.size(); start += MGET_BATCH) {
      List<Object> docs = new ArrayList<>();
      for (Ref ref : refs.subList(start, Math.min(refs.size(), start + MGET_BATCH))) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_index", ref.index());
        doc.put("_type", ref.type());
        doc.put("_id", ref.id());
        if (ref.routing() != null) {
          doc.put("routing", ref.routing());
        }
        docs.add(doc);
      }
      byte[] response = rest.ok("POST", "/_mget", Bodies.json(Map.of("docs", docs)),
          "application/json").body();
      try (JsonParser parser = Neutral.JSON.createParser(response)) {
        while (parser.nextToken() != null) {
          if (parser.currentToken() == JsonToken.FIELD_NAME
              && parser.getCurrentName().equals("docs")) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              Neutral.Line line = Neutral.fromHit(parser);
              if (line == null) {
                throw new IOException("mget did not find a document the workload wrote");
              }
              lines.add(line);
            }
          }
        }
      }
    }
    if (lines.size() != refs.size()) {
      throw new IOException("mget returned " + lines.size() + " docs for " + refs.size());
    }
    for (Neutral.Line line : lines) {
      Neutral.Doc doc = Neutral.parse(line.text());
      Long written = versions.get(doc.key());
      if (written == null || written != doc.version()) {
        throw new IOException(doc.key() + ": GET says version " + doc.version()
            + ", the last write said " + written);
      }
    }
    long scrolled = Recovered.scrollAll(rest, "_all").size();
    if (scrolled != refs.size()) {
      throw new IOException("match_all finds " + scrolled + " docs, the workload wrote "
          + refs.size());
    }
    return lines;
  }

  /** Operations each open index holds only in its translog (primaries), by index name. */
  static Map<String, Long> translogOperations(Rest rest) throws IOException {
    ExactJson stats = ExactJson.parse(
        rest.okJson("GET", "/_stats/translog?level=indices", null).body());
    Map<String, Long> operations = new TreeMap<>();
    ExactJson.Obj indices = (ExactJson.Obj) ExactJson.member(stats, "indices");
    for (Map.Entry<String, ExactJson> index : indices.members()) {
      ExactJson translog = ExactJson.member(ExactJson.member(index.getValue(), "primaries"),
          "translog");
      operations.put(index.getKey(),
          ((ExactJson.Int) ExactJson.member(translog, "operations")).value().longValue());
    }
    return operations;
  }
}
