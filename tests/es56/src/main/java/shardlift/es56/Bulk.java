package shardlift.es56;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shardlift.es56.Ledger.Ref;

/** The bulk requests a ClearML server sends (as elasticsearch-py writes them), and its search. */
final class Bulk {
  private final Rest rest;

  Bulk(Rest rest) {
    this.rest = rest;
  }

  /** Indexes the documents in one request; returns each item's answer, all of them successes. */
  List<ExactJson> index(List<Clearml.Doc> docs, boolean refresh) throws IOException {
    StringBuilder body = new StringBuilder();
    for (Clearml.Doc doc : docs) {
      action(body, "index", doc.index(), doc.type(), doc.id(), doc.routing());
      body.append(doc.source()).append('\n');
    }
    return send(body, refresh, docs.size());
  }

  /** Deletes the documents (with their routing) in one request. */
  void delete(List<Ref> refs, boolean refresh) throws IOException {
    StringBuilder body = new StringBuilder();
    for (Ref ref : refs) {
      action(body, "delete", ref.index(), ref.type(), ref.id(), ref.routing());
    }
    if (!refs.isEmpty()) {
      send(body, refresh, refs.size());
    }
  }

  private static void action(StringBuilder body, String action, String index, String type,
      String id, String routing) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("_index", index);
    meta.put("_type", type);
    if (id != null) {
      meta.put("_id", id);
    }
    if (routing != null) {
      meta.put("_routing", routing);
    }
    body.append(PyJson.compact(Map.of(action, meta))).append('\n');
  }

  private List<ExactJson> send(StringBuilder body, boolean refresh, int expected)
      throws IOException {
    String path = refresh ? "/_bulk?refresh=true" : "/_bulk";
    ExactJson response = ExactJson.parse(rest.ok("POST", path,
        body.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson").body());
    List<ExactJson> items = new ArrayList<>();
    for (ExactJson item : ((ExactJson.Arr) ExactJson.member(response, "items")).items()) {
      ExactJson result = ((ExactJson.Obj) item).members().get(0).getValue();
      long status = ((ExactJson.Int) ExactJson.member(result, "status")).value().longValue();
      if (status / 100 != 2) {
        throw new IOException("bulk item failed: " + Rest.abbreviate(result.toString()));
      }
      items.add(result);
    }
    if (items.size() != expected) {
      throw new IOException("bulk answered " + items.size() + " items for " + expected);
    }
    return items;
  }

  /** Every document a search of {@code query} routed by {@code routing} finds. */
  List<Ref> routedSearch(String indices, String routing, String query) throws IOException {
    List<Ref> found = new ArrayList<>();
    for (Neutral.Line hit : Recovered.scroll(rest, "/" + indices + "/_search?scroll=1m&routing="
        + Generator.percentEncode(routing), query)) {
      found.add(new Ref(hit.index(), hit.type(), hit.id(), routing, null));
    }
    return found;
  }
}
