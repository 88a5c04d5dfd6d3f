package shardlift.es56;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import shardlift.es56.Ledger.Ref;

/**
 * Drives a live Elasticsearch 5.6 node through its REST API: creates indices of every shape a 5.x
 * data directory can hold, runs a seeded random workload (JSON/SMILE/CBOR/YAML bodies, routing,
 * parent/child, nested, updates, deletes, bulk, flushes at random points), leaves operations in the
 * translog, and writes what the node itself returns for every document as the expected file.
 * The caller SIGKILLs the node after "READY".
 *
 * <p>Usage: Generator URL SEED OPS BUDGET_SECONDS EXPECTED_FILE. The random phase stops early when
 * the time budget runs out (a loaded machine), saying after how many operations; nothing else
 * depends on OPS, so the same seed with OPS set to that number replays the same workload.
 */
public final class Generator {
  private final Rest rest;
  private final RandomDocs random;
  private final Bodies bodies;
  private final Ledger ledger = new Ledger();
  private final Map<String, Integer> counts = new TreeMap<>();
  private final List<String> branchIds = new ArrayList<>();
  private long writeNanos;
  private long maintenanceNanos;
  private boolean droppedDeleted;

  private Generator(String url, long seed) {
    Random source = new Random(seed);
    this.rest = new Rest(url);
    this.random = new RandomDocs(source);
    this.bodies = new Bodies(source);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: Generator URL SEED OPS BUDGET_SECONDS EXPECTED_FILE");
      System.exit(2);
    }
    long seed = Long.parseLong(args[1]);
    System.out.println("generator: seed " + seed);
    Generator generator = new Generator(args[0], seed);
    generator.run(Integer.parseInt(args[2]), Long.parseLong(args[3]), Path.of(args[4]));
    System.out.println("READY");
  }

  // Fixed points of the workload, by operation number.
  private static final int DROPPED_DOCS = 30;
  private static final int DELETE_DROPPED_AT = 200;
  private static final int MERGE_AT = 300;
  private static final int EXPUNGE_DELETES_AT = 400;
  private static final int TAIL_OPERATIONS = 60;

  private void run(int operations, long budgetSeconds, Path expectedFile) throws IOException {
    long started = System.nanoTime();
    long deadline = started + budgetSeconds * 1_000_000_000L;
    createIndices();
    progress("indices created", started);
    for (int i = 0; i < DROPPED_DOCS; i++) {
      writeDoc("dropped", "doc");
    }
    flush("dropped");
    progress("index \"dropped\" filled", started);
    for (int i = 0; i < operations; i++) {
      if (System.nanoTime() > deadline) {
        System.out.printf("generator: time budget of %d s used up after %d operations"
            + " (replay: the same seed with SHARDLIFT_ES56_OPS=%d)%n", budgetSeconds, i, i);
        break;
      }
      long before = System.nanoTime();
      randomOperation();
      long between = System.nanoTime();
      maintenance(i);
      writeNanos += between - before;
      maintenanceNanos += System.nanoTime() - between;
      if (i == DELETE_DROPPED_AT) {
        deleteIndex("dropped");
      }
    }
    if (!droppedDeleted) {  // the budget ran out first
      deleteIndex("dropped");
    }
    progress(String.format("random operations done: %.1f s writing, %.1f s flushing/merging",
        writeNanos / 1e9, maintenanceNanos / 1e9), started);
    // The tail: a little of everything after the last explicit flush, so the translog holds
    // new docs, overwrites and deletes of committed docs.
    for (int i = 0; i < TAIL_OPERATIONS; i++) {
      randomOperation();
    }
    Map<String, Long> translogOps = ensureTranslogOperations();
    progress("tail done", started);
    List<Neutral.Line> expected = ledger.expectedDocuments(rest);
    rest.syncedFlush("archive");
    rest.okJson("POST", "/archive/_close", null);
    Neutral.writeSorted(expected, expectedFile);
    System.out.printf("generator: %d documents expected, written to %s (%.1f s)%n",
        expected.size(), expectedFile, (System.nanoTime() - started) / 1e9);
    System.out.println("generator: operations " + counts);
    System.out.println("generator: translog operations left unflushed " + translogOps
        + " (archive's then flushed by its close)");
  }

  private static void progress(String what, long started) {
    System.out.printf("generator: %s (%.1f s)%n", what, (System.nanoTime() - started) / 1e9);
  }

  // --- indices -------------------------------------------------------------------------------

  private static final String PAYLOAD = "\"payload\":{\"type\":\"object\",\"enabled\":false}";

  private void createIndices() throws IOException {
    // Multi-type (the 5.x default) with a _default_ mapping every type inherits, a type with
    // _source excludes and one with _source disabled; a replica that stays unassigned.
    createIndex("multi", "\"number_of_shards\":3,\"number_of_replicas\":1",
        "\"_default_\":{\"dynamic_templates\":[{\"strings\":{\"match_mapping_type\":\"string\","
            + "\"mapping\":{\"type\":\"keyword\",\"ignore_above\":256}}}],"
            + "\"properties\":{" + PAYLOAD + ",\"created\":{\"type\":\"date\"}}},"
            + "\"post\":{\"properties\":{\"title\":{\"type\":\"text\"},"
            + "\"tags\":{\"type\":\"keyword\"},"
            + "\"views\":{\"type\":\"long\"},\"score\":{\"type\":\"double\"}}},"
            + "\"comment\":{\"_source\":{\"excludes\":[\"internal.*\"]},"
            + "\"properties\":{\"text\":{\"type\":\"text\"}}},"
            + "\"blob\":{\"_source\":{\"enabled\":false},"
            + "\"properties\":{\"name\":{\"type\":\"keyword\",\"store\":true}}}");
    // 5.6's opt-in single type: stored _id instead of _uid.
    createIndex("single", "\"number_of_shards\":2,\"number_of_replicas\":0,"
            + "\"mapping.single_type\":true,\"translog.flush_threshold_size\":\"512kb\"",
        "\"doc\":{\"properties\":{\"title\":{\"type\":\"text\"},\"n\":{\"type\":\"long\"},"
            + PAYLOAD + "}}");
    createIndex("family", "\"number_of_shards\":2,\"number_of_replicas\":0",
        "\"branch\":{\"properties\":{\"name\":{\"type\":\"text\"},\"city\":{\"type\":\"keyword\"},"
            + PAYLOAD + "}},"
            + "\"employee\":{\"_parent\":{\"type\":\"branch\"},\"properties\":{"
            + "\"name\":{\"type\":\"text\"},\"age\":{\"type\":\"integer\"}," + PAYLOAD + "}}");
    // DEFLATE stored fields, and every document must carry a routing.
    createIndex("routed", "\"number_of_shards\":3,\"number_of_replicas\":0,"
            + "\"codec\":\"best_compression\"",
        "\"item\":{\"_routing\":{\"required\":true},\"properties\":{"
            + "\"label\":{\"type\":\"keyword\"}," + PAYLOAD + "}}");
    createIndex("nested", "\"number_of_shards\":1,\"number_of_replicas\":0",
        "\"order\":{\"properties\":{\"customer\":{\"properties\":{\"name\":{\"type\":\"text\"}}},"
            + "\"lines\":{\"type\":\"nested\",\"properties\":{\"sku\":{\"type\":\"keyword\"},"
            + "\"qty\":{\"type\":\"integer\"},\"price\":{\"type\":\"double\"},"
            + "\"taxes\":{\"type\":\"nested\",\"properties\":{\"rate\":{\"type\":\"double\"}}}}},"
            + PAYLOAD + "}}");
    // Closed at the end (after a synced flush): readable only from disk.
    createIndex("archive", "\"number_of_shards\":1,\"number_of_replicas\":0",
        "\"doc\":{\"properties\":{\"title\":{\"type\":\"text\"},\"n\":{\"type\":\"long\"},"
            + PAYLOAD + "}}");
    // Deleted early: tombstoned in the graveyard, none of its documents may come out.
    createIndex("dropped", "\"number_of_shards\":1,\"number_of_replicas\":0",
        "\"doc\":{\"properties\":{\"title\":{\"type\":\"text\"},\"n\":{\"type\":\"long\"},"
            + PAYLOAD + "}}");
    rest.okJson("GET", "/_cluster/health?wait_for_status=yellow&timeout=60s", null);
  }

  private void createIndex(String name, String settings, String mappings) throws IOException {
    rest.okJson("PUT", "/" + name,
        "{\"settings\":{\"index\":{" + settings + "}},\"mappings\":{" + mappings + "}}");
  }

  private void deleteIndex(String name) throws IOException {
    rest.okJson("DELETE", "/" + name, null);
    ledger.forgetIndex(name);
    droppedDeleted |= name.equals("dropped");
    count("delete index");
  }

  // --- the workload --------------------------------------------------------------------------

  private static final String[][] TYPES = {
      {"multi", "post"}, {"multi", "post"}, {"multi", "comment"}, {"multi", "blob"},
      {"multi", "event"}, {"single", "doc"}, {"single", "doc"}, {"family", "branch"},
      {"family", "employee"}, {"family", "employee"}, {"routed", "item"}, {"routed", "item"},
      {"nested", "order"}, {"nested", "order"}, {"archive", "doc"}};

  private void randomOperation() throws IOException {
    String[] target = random.pick(TYPES);
    String index = target[0];
    String type = target[1];
    int roll = random.nextInt(100);
    Ref existing = randomLive(index, type);
    if (roll < 40 || existing == null) {
      writeDoc(index, type);
    } else if (roll < 58) {
      overwrite(existing);
    } else if (roll < 70 && !type.equals("blob")) {
      update(existing);
    } else if (roll < 82) {
      delete(existing);
    } else if (roll < 85) {
      deleteMissing(index, type);
    } else {
      bulk();
    }
  }

  private void maintenance(int step) throws IOException {
    if (random.chance(1.0 / 50)) {
      flush(random.pick(new String[] {"multi", "single", "family", "routed", "nested", "archive",
          "_all"}));
    }
    if (random.chance(1.0 / 60)) {
      rest.okJson("POST", "/_refresh", null);
      count("refresh");
    }
    if (step == MERGE_AT) {
      rest.okJson("POST", "/multi,nested/_forcemerge?max_num_segments=1", null);
      count("forcemerge");
    }
    if (step == EXPUNGE_DELETES_AT) {
      rest.okJson("POST", "/family,routed/_forcemerge?only_expunge_deletes=true", null);
      count("forcemerge");
    }
  }

  private void flush(String index) throws IOException {
    rest.okJson("POST", "/" + index + "/_flush", null);
    count("flush");
  }

  private Ref randomLive(String index, String type) {
    List<Ref> candidates = new ArrayList<>();
    for (Ref ref : ledger.live()) {
      if (ref.index().equals(index) && ref.type().equals(type)) {
        candidates.add(ref);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  /** A new document: explicit or auto-generated id, with routing and parent where they apply. */
  private void writeDoc(String index, String type) throws IOException {
    boolean autoId = random.chance(0.12) && !type.equals("employee");
    String id = autoId ? null : random.id(type.substring(0, 1));
    String parent = null;
    String routing = null;
    if (type.equals("employee")) {
      parent = branchIds.isEmpty() || random.chance(0.15)
          ? "nobranch" + random.nextInt(5)  // an orphan: ES does not check the parent exists
          : branchIds.get(random.nextInt(branchIds.size()));
      routing = random.chance(0.15) ? random.routing() : null;
    } else if (index.equals("routed") || random.chance(0.12)) {
      routing = random.routing();
    }
    Bodies.Format format = randomFormat();
    Object doc = document(index, type, format, random.chance(0.01));
    Map<String, String> params = new LinkedHashMap<>();
    putIfSet(params, "routing", routing);
    putIfSet(params, "parent", parent);
    String method = autoId ? "POST" : "PUT";
    if (type.equals("post") && !autoId && random.chance(0.3)) {
      params.put("version_type", "external");
      params.put("version", Long.toString(1 + random.nextInt(1_000_000)));
    } else if (!autoId && random.chance(0.15)) {
      params.put("op_type", "create");  // create takes internal versions only
    }
    ExactJson response = send(method, docPath(index, type, id, params), bodies.encode(doc, format),
        format.contentType);
    String actualId = string(response, "_id");
    if (type.equals("branch")) {
      branchIds.add(actualId);
    }
    ledger.remember(new Ref(index, type, actualId, routing != null ? routing : parent, parent),
        response);
    count("index " + format);
  }

  private void overwrite(Ref ref) throws IOException {
    Bodies.Format format = randomFormat();
    Object doc = document(ref.index(), ref.type(), format, random.chance(0.01));
    Map<String, String> params = refParams(ref);
    if (ref.type().equals("post") && random.chance(0.3)) {
      params.put("version_type", random.chance(0.5) ? "external" : "external_gte");
      params.put("version", Long.toString(ledger.version(ref) + random.nextInt(1000) + 1));
    }
    ledger.remember(ref, send("PUT", docPath(ref.index(), ref.type(), ref.id(), params),
        bodies.encode(doc, format), format.contentType));
    count("overwrite " + format);
  }

  /** A partial update; ES merges and stores the result in the original document's format. */
  private void update(Ref ref) throws IOException {
    Bodies.Format format = randomFormat();
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("payload", random.payload(format, 1));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("doc", partial);
    body.put("detect_noop", random.chance(0.5));
    String path = docPath(ref.index(), ref.type(), ref.id() + "/_update", refParams(ref));
    ledger.remember(ref, send("POST", path, bodies.encode(body, format), format.contentType));
    count("update " + format);
  }

  private void delete(Ref ref) throws IOException {
    send("DELETE", docPath(ref.index(), ref.type(), ref.id(), refParams(ref)), null, null);
    ledger.forget(ref);
    count("delete");
  }

  /** Deleting an id that does not exist still leaves a delete operation in the translog. */
  private void deleteMissing(String index, String type) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    putIfSet(params, "routing", index.equals("routed") || type.equals("employee")
        ? random.routing() : null);
    Rest.Response response = rest.send("DELETE", docPath(index, type, "missing-"
        + random.nextInt(1_000_000), params), null, null);
    if (response.status() != 404) {
      throw new IOException("delete of a missing doc -> " + response.status() + ": "
          + response.text());
    }
    count("delete missing");
  }

  /** A bulk request of mixed actions, as NDJSON or (now and then) as SMILE items. */
  private void bulk() throws IOException {
    boolean smile = random.chance(0.2);
    Bodies.Format itemFormat = smile ? Bodies.Format.SMILE : Bodies.Format.JSON;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Ref> refs = new ArrayList<>();
    Set<String> touched = new HashSet<>();
    for (int n = 5 + random.nextInt(35); n > 0; n--) {
      String[] target = random.pick(TYPES);
      if (target[1].equals("employee")) {
        continue;  // children need a parent; kept to the single-document path
      }
      Ref existing = randomLive(target[0], target[1]);
      if (existing != null && !touched.add(existing.key())) {
        existing = null;  // one action per existing document, so none depends on another
      }
      int roll = random.nextInt(10);
      String action;
      Ref ref;
      Object source = null;
      if (existing == null || roll < 5) {
        String routing = target[0].equals("routed") || random.chance(0.1) ? random.routing() : null;
        action = roll == 0 ? "create" : "index";
        // Leading underscores are fine as ids but collide with REST endpoints in a URL. A bulk
        // create needs an id.
        String id = action.equals("index") && random.chance(0.1) ? null
            : (random.chance(0.1) ? "_" : "") + random.id("b");
        ref = new Ref(target[0], target[1], id, routing, null);
        source = document(target[0], target[1], itemFormat, false);
      } else if (roll < 7 && !target[1].equals("blob")) {
        ref = existing;
        action = "update";
        Map<String, Object> partial = new LinkedHashMap<>();
        partial.put("payload", random.payload(itemFormat, 1));
        source = Map.of("doc", partial);
      } else {
        ref = existing;
        action = "delete";
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("_index", ref.index());
      meta.put("_type", ref.type());
      if (ref.id() != null) {
        meta.put("_id", ref.id());
      }
      if (ref.routing() != null) {
        meta.put("_routing", ref.routing());
      }
      bulkItem(body, Map.of(action, meta), smile);
      if (source != null) {
        bulkItem(body, source, smile);
      }
      refs.add(ref);
    }
    ExactJson response = send("POST", "/_bulk?format=json", body.toByteArray(),
        smile ? "application/smile" : "application/x-ndjson");
    List<ExactJson> items = ((ExactJson.Arr) ExactJson.member(response, "items")).items();
    for (int i = 0; i < items.size(); i++) {
      Map.Entry<String, ExactJson> result = ((ExactJson.Obj) items.get(i)).members().get(0);
      ExactJson item = result.getValue();
      long status = ((ExactJson.Int) ExactJson.member(item, "status")).value().longValue();
      Ref ref = refs.get(i);
      if (status / 100 != 2) {  // every action targets a new id or a live document
        throw new IOException("bulk item failed: " + item);
      }
      if (result.getKey().equals("delete")) {
        ledger.forget(ref);
      } else {
        ledger.remember(
            new Ref(ref.index(), ref.type(), string(item, "_id"), ref.routing(), null), item);
      }
    }
    count(smile ? "bulk smile" : "bulk json");
  }

  private void bulkItem(ByteArrayOutputStream body, Object value, boolean smile)
      throws IOException {
    if (smile) {
      body.writeBytes(bodies.smileBulkItem(value));
      body.write(0xFF);  // SMILE's stream separator splits bulk items
    } else {
      body.writeBytes(bodies.encode(value, Bodies.Format.JSON));
      body.write('\n');
    }
  }

  private Bodies.Format randomFormat() {
    int roll = random.nextInt(100);
    if (roll < 30) {
      return Bodies.Format.JSON;
    } else if (roll < 40) {
      return Bodies.Format.JSON_PRETTY;
    } else if (roll < 60) {
      return Bodies.Format.SMILE;
    } else if (roll < 72) {
      return Bodies.Format.CBOR;
    } else if (roll < 84) {
      return Bodies.Format.CBOR_DEFINITE;
    }
    return Bodies.Format.YAML;
  }

  /** The body of a document of the given index and type; mapped fields get mapped types. */
  private Object document(String index, String type, Bodies.Format format, boolean big) {
    Map<String, Object> doc = new LinkedHashMap<>();
    switch (type) {
      case "post" -> {
        doc.put("title", random.text(1 + random.nextInt(8)));
        doc.put("tags", List.of(random.text(1), random.text(1)));
        doc.put("views", random.chance(0.5) ? (Object) random.nextInt(1000)
                                            : (Object) (random.nextInt(1000) * 1_000_000_007L));
        doc.put("score", random.chance(0.5) ? (Object) (random.nextInt(100) / 4.0)
                                            : (Object) random.nextInt(10));
        doc.put("created", random.chance(0.5)
            ? "2017-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T12:00:00Z"
            : (Object) (1_500_000_000_000L + random.nextInt(1_000_000_000)));
      }
      case "comment" -> {
        doc.put("text", random.text(3 + random.nextInt(20)));
        Map<String, Object> internal = new LinkedHashMap<>();  // dropped by _source excludes
        internal.put("ip", "10.0.0." + random.nextInt(255));
        internal.put("note", random.text(2));
        doc.put("internal", internal);
      }
      case "blob" -> doc.put("name", random.text(2));
      case "event" -> {
        doc.put("kind", random.text(1));
        doc.put("created", 1_500_000_000_000L + random.nextInt(1_000_000_000));
      }
      case "branch" -> {
        doc.put("name", random.text(2));
        doc.put("city", random.text(1));
      }
      case "employee" -> {
        doc.put("name", random.text(2));
        doc.put("age", 18 + random.nextInt(50));
      }
      case "item" -> doc.put("label", random.text(1));
      case "order" -> {
        doc.put("customer", Map.of("name", random.text(2)));
        List<Object> lines = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("sku", "sku-" + random.nextInt(500));
          line.put("qty", 1 + random.nextInt(9));
          line.put("price", random.nextInt(100000) / 100.0);
          List<Object> taxes = new ArrayList<>();
          for (int t = random.nextInt(3); t > 0; t--) {
            taxes.add(Map.of("rate", random.nextInt(30) / 100.0));
          }
          line.put("taxes", taxes);
          lines.add(line);
        }
        doc.put("lines", lines);
      }
      default -> {  // single, archive, dropped
        doc.put("title", random.text(1 + random.nextInt(6)));
        doc.put("n", (long) random.nextInt(Integer.MAX_VALUE) * random.nextInt(5));
      }
    }
    // Jackson 2.8's CBOR parser can overrun its buffer on a long text with astral characters
    // (CBORParser._finishLongText), so ES 5.6 may fail to read such a document back: big texts
    // go in the other formats.
    boolean cbor = format == Bodies.Format.CBOR || format == Bodies.Format.CBOR_DEFINITE;
    doc.put("payload", big && !cbor
        ? Map.of("big", random.bigText(100_000 + random.nextInt(1_500_000)))
        : random.payload(format, 0));
    return doc;
  }

  // --- the expected state --------------------------------------------------------------------

  /**
   * Indexes into every open index whose translog came out empty (an automatic flush can land on
   * the last operation), so each of them ends with operations only in the translog. Returns the
   * per-index translog operation counts.
   */
  private Map<String, Long> ensureTranslogOperations() throws IOException {
    Map<String, Long> operations = Ledger.translogOperations(rest);
    for (Map.Entry<String, Long> index : operations.entrySet()) {
      if (index.getValue() == 0) {
        String type = index.getKey().equals("family") ? "branch" : typeOf(index.getKey());
        writeDoc(index.getKey(), type);
      }
    }
    return Ledger.translogOperations(rest);
  }

  private String typeOf(String index) {
    for (String[] target : TYPES) {
      if (target[0].equals(index)) {
        return target[1];
      }
    }
    throw new IllegalArgumentException(index);
  }

  // --- helpers -------------------------------------------------------------------------------

  private Map<String, String> refParams(Ref ref) {
    Map<String, String> params = new LinkedHashMap<>();
    putIfSet(params, "routing", ref.routing());
    putIfSet(params, "parent", ref.parent());
    return params;
  }

  private static void putIfSet(Map<String, String> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }

  /** The URL of a document; {@code idAndEndpoint} is null (auto id), an id, or "id/_update". */
  private static String docPath(String index, String type, String idAndEndpoint,
      Map<String, String> params) {
    StringBuilder path = new StringBuilder("/").append(index).append('/').append(type);
    if (idAndEndpoint != null) {
      String id = idAndEndpoint.endsWith("/_update")
          ? idAndEndpoint.substring(0, idAndEndpoint.length() - "/_update".length())
          : idAndEndpoint;
      path.append('/').append(percentEncode(id)).append(idAndEndpoint.substring(id.length()));
    }
    path.append("?format=json");
    params.forEach((name, value) -> path.append('&').append(name).append('=')
        .append(percentEncode(value)));
    return path.toString();
  }

  static String percentEncode(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return encoded.toString();
  }

  private ExactJson send(String method, String path, byte[] body, String contentType)
      throws IOException {
    return ExactJson.parse(rest.ok(method, path, body, contentType).body());
  }

  private static String string(ExactJson object, String name) {
    return ((ExactJson.Str) ExactJson.member(object, name)).value();
  }

  private void count(String what) {
    counts.merge(what, 1, Integer::sum);
  }
}
