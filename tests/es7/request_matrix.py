#!/usr/bin/env python3
"""Every request shardlift sends to its target, replayed against a real node, with what each
supported version answers (tests/es7/FACTS.md, "Request matrix").

  request_matrix.py check  <url>             asserts the recorded answers of this node's version
  request_matrix.py record <url> >file.json  the answers, for `table`
  request_matrix.py table  <file.json>...    the Markdown table of FACTS.md

<url> is the node's base URL, or a file holding it (target-node.sh's <state>/url).

Targets with expectations: Elasticsearch 7.6.2, 7.17.29, 8.17.0 and OpenSearch 2.19.1, laid out by
make-target-home.sh (the 8.17.0 home lacks the modules Maven Central does not carry: rest-root,
parent-join, mapper-extras, analysis-common, lang-painless). `check` against any other version
only prints the answers. Everything it creates is named `matrix-<pid>-…` and deleted by exact
name at the end (8.x refuses wildcard deletes); nothing cluster-wide is changed.
"""

import gzip
import json
import os
import re
import sys
import urllib.error
import urllib.request

PREFIX = f"matrix-{os.getpid()}-"
FLAVOURS = {"7.6": "7.6.2", "7.17": "7.17.29", "8.17": "8.17.0", "os2.19": "OpenSearch 2.19.1"}

# bulk_writer.cc's kBulkPath.
BULK_FILTER = ("filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason,"
               "items.*.error.caused_by.type,items.*.error.caused_by.reason")


class E:
    """An expected answer: the status, and for errors the error type and a piece of the reason;
    `summary`, when given, must equal the check's summary of the body."""

    def __init__(self, status, error_type=None, reason=None, summary=None):
        self.status, self.error_type, self.reason, self.summary = status, error_type, reason, summary

    def mismatch(self, answer):
        if answer.status != self.status:
            return f"status {answer.status}, expected {self.status}"
        if self.error_type is not None and answer.error_type != self.error_type:
            return f"error type {answer.error_type}, expected {self.error_type}"
        if self.reason is not None and self.reason not in answer.reason:
            return f"reason {answer.reason!r} lacks {self.reason!r}"
        if self.summary is not None and answer.summary != self.summary:
            return f"summary {answer.summary!r}, expected {self.summary!r}"
        return None


class Answer:
    def __init__(self, status, body, warnings):
        self.status, self.body, self.warnings = status, body, warnings
        self.json = None
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            pass
        error = self.json.get("error") if isinstance(self.json, dict) else None
        if isinstance(error, dict):
            self.error_type = error.get("type", "")
            self.reason = error.get("reason") or ""
            cause = error.get("caused_by")
            if isinstance(cause, dict) and cause.get("reason"):
                self.reason += f" (caused by {cause.get('type')}: {cause.get('reason')})"
        elif isinstance(error, str):
            self.error_type, self.reason = "", error
        else:
            self.error_type, self.reason = None, ""
        self.summary = None


class Node:
    def __init__(self, url):
        if not url.startswith("http"):
            with open(url) as file:
                url = file.read().strip()
        self.url = url.rstrip("/")

    def call(self, method, path, body=None, ndjson=False, gzipped=False):
        data = None
        headers = {"Content-Type": "application/x-ndjson" if ndjson else "application/json"}
        if body is not None:
            data = body if isinstance(body, bytes) else (
                body if isinstance(body, str) else json.dumps(body)).encode()
            if gzipped:
                data = gzip.compress(data)
                headers["Content-Encoding"] = "gzip"
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw, info = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, raw, info = error.code, error.read(), error.headers
        return Answer(status, raw.decode("utf-8", "replace"), info.get_all("Warning") or [])


def ndjson(lines):
    return "".join(json.dumps(line) + "\n" for line in lines)


def action(index, doc_id, routing=None, version=None, version_type="external", **extra):
    meta = {"_index": index, "_id": doc_id}
    if routing is not None:
        meta["routing"] = routing
    if version is not None:
        meta["version"], meta["version_type"] = version, version_type
    meta.update(extra)
    return {"index": meta}


def bulk_items(answer):
    items = (answer.json or {}).get("items") or []
    out = []
    for item in items:
        result = next(iter(item.values()), {})
        error = result.get("error", {})
        out.append(str(result.get("status")) + (f" {error.get('type')}" if error else ""))
    return ",".join(out) if items else f"errors={(answer.json or {}).get('errors')}"


def keys_of(doc, names):
    return " ".join(f"{name}={json.dumps(doc[name])}" for name in names if name in doc)


def hits(answer):
    return ((answer.json or {}).get("hits") or {}).get("hits") or []


def mget_errors(answer):
    return " | ".join(doc["error"]["type"] + ": " + doc["error"]["reason"] if "error" in doc
                      else "no error" for doc in answer.json["docs"])


def first_node(answer):
    nodes = (answer.json or {}).get("nodes") or {}
    return next(iter(nodes.values()), {})


# The mapping a translated ES 5 index gets (core field types only: the 8.17 home has no
# mapper-extras or parent-join), with the settings migrate creates it with.
DOCS_MAPPING = {
    "dynamic": "strict",
    "_routing": {"required": False},
    "properties": {
        "title": {"type": "text", "analyzer": "folded",
                  "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
        "n": {"type": "long"}, "b": {"type": "boolean"},
        "d": {"type": "date", "format": "strict_date_optional_time||epoch_millis"},
        "ip": {"type": "ip"}, "geo": {"type": "geo_point"},
        "obj": {"properties": {"x": {"type": "keyword"}}},
        "nest": {"type": "nested", "properties": {"y": {"type": "integer"}}},
    },
}
DOCS_SETTINGS = {"index": {
    "number_of_shards": "2", "number_of_replicas": "0", "refresh_interval": "-1",
    "analysis": {"analyzer": {"folded": {"type": "custom", "tokenizer": "standard",
                                         "filter": ["lowercase"]}}}}}

# ES 5 index settings migrate keeps as they are (settings_translation.cc drops the others), with
# typical values: which ones each target refuses at index creation, and how.
ES5_SETTINGS = {
    "index.max_result_window": "10000", "index.max_inner_result_window": "100",
    "index.max_rescore_window": "10000", "index.max_slices_per_scroll": "1024",
    "index.max_adjacency_matrix_filters": "100", "index.max_refresh_listeners": "1000",
    "index.mapping.total_fields.limit": "1000", "index.mapping.depth.limit": "20",
    "index.mapping.nested_fields.limit": "50", "index.mapping.coerce": "true",
    "index.mapping.ignore_malformed": "false", "index.search.slowlog.level": "info",
    "index.indexing.slowlog.level": "info", "index.search.slowlog.threshold.query.warn": "10s",
    "index.indexing.slowlog.threshold.index.warn": "10s", "index.indexing.slowlog.source": "1000",
    "index.indexing.slowlog.reformat": "true", "index.translog.durability": "request",
    "index.translog.flush_threshold_size": "512mb", "index.translog.sync_interval": "5s",
    "index.unassigned.node_left.delayed_timeout": "1m", "index.priority": "1",
    "index.codec": "best_compression", "index.store.type": "niofs",
    "index.store.fs.fs_lock": "native", "index.merge.policy.max_merged_segment": "5gb",
    "index.merge.policy.reclaim_deletes_weight": "2.0",
    "index.merge.policy.segments_per_tier": "10", "index.merge.policy.max_merge_at_once": "10",
    "index.merge.policy.expunge_deletes_allowed": "10", "index.merge.policy.floor_segment": "2mb",
    "index.merge.scheduler.max_thread_count": "1", "index.merge.scheduler.auto_throttle": "true",
    "index.query.default_field": "title", "index.query.parse.allow_unmapped_fields": "true",
    "index.query_string.lenient": "false", "index.requests.cache.enable": "true",
    "index.queries.cache.enabled": "true", "index.shard.check_on_startup": "false",
    "index.load_fixed_bitset_filters_eagerly": "true", "index.gc_deletes": "60s",
    "index.percolator.map_unmapped_fields_as_string": "false",
    "index.routing_partition_size": "1", "index.write.wait_for_active_shards": "1",
    "index.allocation.max_retries": "5", "index.max_ngram_diff": "1",
}


def expect(every=None, es7=None, new=None, v76=None, v717=None, v8=None, os2=None):
    """Expected answers by target: `every` for all, `es7` for 7.6.2 and 7.17.29, `new` for
    8.17.0 and OpenSearch 2.19.1, the others for one each (the most specific wins)."""
    table = {}
    for keys, answer in (((FLAVOURS), every), (("7.6", "7.17"), es7), (("8.17", "os2.19"), new),
                         (("7.6",), v76), (("7.17",), v717), (("8.17",), v8), (("os2.19",), os2)):
        if answer is not None:
            table.update({key: answer for key in keys})
    return table


class Check:
    def __init__(self, name, method, path, body=None, expected=None, summary=None, **options):
        self.name, self.method, self.path, self.body = name, method, path, body
        self.expected = expected or expect(E(200))
        self.summarize, self.options = summary, options

    def shown_path(self):
        return self.path.replace(PREFIX, "<p>")

    def run(self, node, state):
        body = self.body(state) if callable(self.body) else self.body
        answer = node.call(self.method, self.path, body, **self.options)
        if self.summarize is not None and answer.status // 100 == 2:
            answer.summary = self.summarize(answer, state)
        return answer


class SettingsProbe(Check):
    """Creates an index with every ES5_SETTINGS entry as migrate does (cluster.cc CreateIndex): a
    refused setting is taken out and the creation tried again. The summary names the refusals."""

    def shown_path(self):
        return "/<p>es5-settings (a refused setting is taken out, then again)"

    def run(self, node, state):
        settings, refused = dict(ES5_SETTINGS), []
        while True:
            answer = node.call("PUT", self.path, {"settings": settings})
            culprit = next((key for key in settings if answer.status == 400 and
                            f"[{key}]" in answer.reason), None)
            if culprit is None:
                break
            generic = answer.reason.startswith(f"unknown setting [{culprit}]")
            refused.append(culprit + (" (unknown setting)" if generic else f": {answer.reason}"))
            del settings[culprit]
        answer.summary = "; ".join(sorted(refused)) or "none refused"  # ES checks in no set order
        return answer


def checks():
    p = PREFIX
    docs = p + "docs"
    bulk_path = "/_bulk?" + BULK_FILTER
    first_batch = [  # routing, external versions: as bulk_batch.cc writes them
        action(docs, "1", routing="r1", version=5), {"title": "One", "n": 1, "b": True},
        action(docs, "2", version=7), {"title": "Two", "d": "2017-01-02T03:04:05Z"},
        action(docs, "3", routing="r3", version=1), {"obj": {"x": "y"}, "nest": [{"y": 1}]},
    ]
    typed_mapping = {"event": {"properties": {"a": {"type": "keyword"}}}}
    bad_request = "illegal_argument_exception"
    unknown_setting = "please check that any required plugins are installed"
    unrecognized = "contains unrecognized parameter: "
    mapping_refused = "mapper_parsing_exception"

    def create(name, settings=None, mappings=None, query="", expected=None):
        body = {}
        if settings is not None:
            body["settings"] = settings
        if mappings is not None:
            body["mappings"] = mappings
        return Check(name, "PUT", f"/{p}{name.replace('_', '-')}{query}", body, expected)

    def field(spec):
        return {"properties": {"f": spec}}

    def bulk(name, lines, expected, **options):
        return Check(name, "POST", bulk_path, ndjson(lines), expected,
                     summary=lambda a, s: bulk_items(a), ndjson=True, **options)

    def processors(answer, state):
        state["processors"] = first_node(answer)["os"]["allocated_processors"]
        return "ok"

    def pool(write, state):
        size = "allocated processors" if int(write["size"]) == state.get("processors") else \
            write["size"]
        return f"type={write['type']} size={size} queue_size={write['queue_size']}"

    def scroll_id(answer, state):
        state["scroll_id"] = (answer.json or {}).get("_scroll_id", "")
        return f"hits={len(hits(answer))}"

    def ok(summary7, summary_new=None):
        return expect(es7=E(200, summary=summary7),
                      new=E(200, summary=summary7 if summary_new is None else summary_new))

    def every(status, error_type=None, reason=None, summary=None):
        return expect(E(status, error_type, reason, summary))

    doc_versions = ('_routing="r1" _version=5 found=true | _version=7 found=true | found=false')
    typed_docs = ('_type="_doc" _routing="r1" _version=5 found=true | _type="_doc" _version=7 '
                  'found=true | _type="_doc" found=false')
    hits_7 = '_type="_doc" _id="1" _routing="r1" _version=5 | _type="_doc" _id="3" ' \
             '_routing="r3" _version=1'
    hits_new = '_id="1" _routing="r1" _version=5 | _id="3" _routing="r3" _version=1'
    return [
        # Start-up: version and health (cluster.cc Version, WaitForHealth; es7_node.cc).
        Check("root", "GET", "/", expected=expect(
            v76=E(200, summary="7.6.2 (no distribution)"),
            v717=E(200, summary="7.17.29 (no distribution)"),
            v8=E(405, "", "Incorrect HTTP method for uri [/] and method [GET], allowed: [DELETE]"),
            os2=E(200, summary="2.19.1 opensearch")),
              summary=lambda a, s: "{} {}".format(a.json["version"]["number"], a.json[
                  "version"].get("distribution", "(no distribution)"))),
        Check("health_yellow_1s", "GET", "/_cluster/health?wait_for_status=yellow&timeout=1s"),
        Check("nodes_version", "GET", "/_nodes/_local?filter_path=nodes.*.version",
              expected=expect(v76=E(200, summary="7.6.2"), v717=E(200, summary="7.17.29"),
                              v8=E(200, summary="8.17.0"), os2=E(200, summary="2.19.1")),
              summary=lambda a, s: first_node(a).get("version")),
        # Facts a target needs: publish address, write pool (bulk concurrency).
        Check("nodes_http", "GET", "/_nodes/_local/http?filter_path=nodes.*.http.publish_address",
              expected=every(200, summary="127.0.0.1"),
              summary=lambda a, s: first_node(a)["http"]["publish_address"].rsplit(":", 1)[0]),
        Check("nodes_processors", "GET",
              "/_nodes/_local/os?filter_path=nodes.*.os.allocated_processors",
              expected=every(200, summary="ok"), summary=processors),
        Check("nodes_write_pool", "GET",
              "/_nodes/_local/thread_pool?filter_path=nodes.*.thread_pool.write",
              expected=expect(
                  E(200, summary="type=fixed size=allocated processors queue_size=10000"),
                  v76=E(200, summary="type=fixed size=allocated processors queue_size=200")),
              summary=lambda a, s: pool(first_node(a)["thread_pool"]["write"], s)),
        Check("cat_write_pool", "GET", "/_cat/thread_pool/write?format=json&h=type,size,queue_size",
              expected=expect(
                  E(200, summary="type=fixed size=allocated processors queue_size=10000"),
                  v76=E(200, summary="type=fixed size=allocated processors queue_size=200")),
              summary=lambda a, s: pool(a.json[0], s)),
        # Index creation (cluster.cc CreateIndex) as migrate sends it, and the refusals it parses.
        Check("create", "PUT", f"/{docs}", {"settings": DOCS_SETTINGS, "mappings": DOCS_MAPPING}),
        Check("create_again", "PUT", f"/{docs}", {"settings": DOCS_SETTINGS},
              every(400, "resource_already_exists_exception", f"index [{docs}/")),
        SettingsProbe("es5_settings", "PUT", f"/{p}es5-settings", expected=expect(
            E(200, summary="index.percolator.map_unmapped_fields_as_string (unknown setting)"),
            v717=E(200, summary="index.merge.policy.reclaim_deletes_weight (unknown setting); "
                                "index.percolator.map_unmapped_fields_as_string (unknown setting)"),
            v8=E(200, summary="index.indexing.slowlog.level (unknown setting); "
                              "index.max_adjacency_matrix_filters (unknown setting); "
                              "index.merge.policy.reclaim_deletes_weight (unknown setting); "
                              "index.percolator.map_unmapped_fields_as_string (unknown setting); "
                              "index.search.slowlog.level (unknown setting)"))),
        create("unknown_setting", {"index": {"my_custom": "x"}}, expected=every(
            400, bad_request, "unknown setting [index.my_custom] " + unknown_setting)),
        create("mapper_dynamic", {"index": {"mapper": {"dynamic": "false"}}}, expected=expect(
            E(400, bad_request, "Setting index.mapper.dynamic was removed after version 6.0.0"),
            v717=E(200), v8=E(400, bad_request, "unknown setting [index.mapper.dynamic]"))),
        create("single_type", {"index": {"mapping": {"single_type": "true"}}}, expected=every(
            400, bad_request, "unknown setting [index.mapping.single_type] " + unknown_setting)),
        create("search_slowlog_level", {"index": {"search": {"slowlog": {"level": "info"}}}},
               expected=expect(E(200), v8=E(400, bad_request,
                                            "unknown setting [index.search.slowlog.level]"))),
        create("max_inner_result_window", {"index": {"max_inner_result_window": "500"}}),
        create("translog_retention", {"index": {"translog": {"retention": {"size": "512mb"}}}},
               expected=expect(E(200), v8=E(400, bad_request, (
                   "Translog retention settings [index.translog.retention.age] and "
                   "[index.translog.retention.size] are no longer supported.")))),
        create("typed_mapping", mappings=typed_mapping, expected=every(
            400, mapping_refused, "Root mapping definition has unsupported parameters:  [event")),
        create("typed_mapping_itn", mappings=typed_mapping, query="?include_type_name=true",
               expected=expect(es7=E(200), new=E(400, bad_request,
                                                 unrecognized + "[include_type_name]"))),
        create("doc_typed_mapping", mappings={"_doc": typed_mapping["event"]}, expected=every(
            400, bad_request, "The mapping definition cannot be nested under a type")),
        create("typeless_itn_false", mappings=field({"type": "keyword"}),
               query="?include_type_name=false", expected=expect(
                   es7=E(200), new=E(400, bad_request, unrecognized + "[include_type_name]"))),
        create("join_field", mappings=field({"type": "join", "relations": {"q": "a"}}),
               expected=expect(E(200), v8=E(400, mapping_refused, "No handler for type [join]"))),
        create("scaled_float", mappings=field({"type": "scaled_float", "scaling_factor": 100}),
               expected=expect(E(200), v8=E(400, mapping_refused,
                                            "No handler for type [scaled_float]"))),
        create("field_names_off", mappings={"_field_names": {"enabled": False}}, expected=expect(
            E(200), v8=E(400, mapping_refused, "The `enabled` setting for the `_field_names` "
                                               "field has been deprecated and removed."))),
        create("field_boost", mappings=field({"type": "keyword", "boost": 2}), expected=expect(
            E(200), v8=E(400, mapping_refused, "Unknown parameter [boost] on mapper [f]"))),
        create("date_camel_format", mappings=field({"type": "date", "format": "dateOptionalTime"}),
               expected=expect(E(200), v8=E(400, mapping_refused,
                                            "Invalid format: [dateOptionalTime]"))),
        create("similarity_classic", mappings=field({"type": "text", "similarity": "classic"}),
               expected=expect(E(400, mapping_refused,
                                 "The [classic] similarity may not be used anymore."),
                               v8=E(400, mapping_refused, "Unknown Similarity type [classic]"))),
        create("index_string_false", mappings=field({"type": "keyword", "index": "false"})),
        create("fielddata_filter", mappings=field({"type": "text", "fielddata": True,
                                                   "fielddata_frequency_filter": {"min": 0.1}})),
        create("ngram_filter_name", {"index": {"analysis": {"analyzer": {"a": {
            "tokenizer": "standard", "filter": ["nGram"]}}}}}, expected=expect(
                E(400, bad_request, "The [nGram] token filter name was deprecated in 6.4 and "
                                    "cannot be used in new indices."),
                # No analysis-common in these two homes (README.md).
                v717=E(400, bad_request, "failed to find filter under name [nGram]"),
                v8=E(400, bad_request, "failed to find filter under name [nGram]"))),
        # Templates (cluster.cc PutTemplate): translated and user templates.
        Check("template", "PUT", f"/_template/{p}t", {
            "index_patterns": [p + "tpl-*"], "order": 0, "version": 3,
            "settings": {"index": {"number_of_shards": "1"}},
            "mappings": {"properties": {"a": {"type": "keyword"}}},
            "aliases": {p + "tpl-alias": {}}}),
        Check("template_get", "GET", f"/_template/{p}t", expected=every(200, summary="properties"),
              summary=lambda a, s: " ".join(sorted(a.json[p + "t"]["mappings"]))),
        Check("template_key_template", "PUT", f"/_template/{p}tt", {
            "template": p + "tt-*", "mappings": {"properties": {}}}, expect(
                E(200), v8=E(400, "parse_exception", "unknown key [template] in the template"))),
        Check("template_typed", "PUT", f"/_template/{p}ty", {
            "index_patterns": [p + "ty-*"], "mappings": typed_mapping}, every(
                400, mapping_refused, "Root mapping definition has unsupported parameters:  [")),
        Check("template_typed_itn", "PUT", f"/_template/{p}ti?include_type_name=true", {
            "index_patterns": [p + "ti-*"], "mappings": typed_mapping}, expect(
                es7=E(200), new=E(400, bad_request, unrecognized + "[include_type_name]"))),
        Check("template_hash_alias", "PUT", f"/_template/{p}th", {
            "index_patterns": [p + "th-*"], "aliases": {"#x": {}}}, every(
                400, "invalid_alias_name_exception", "Invalid alias name [#x]: must not contain")),
        # The load (bulk_writer.cc, bulk_batch.cc).
        bulk("bulk", first_batch, every(200, summary="201,201,201")),
        bulk("bulk_again_409", first_batch,
             every(200, summary=",".join(["409 version_conflict_engine_exception"] * 3))),
        bulk("bulk_gzip", [action(docs, "4", version=2), {"title": "Four"}],
             every(200, summary="201"), gzipped=True),
        bulk("bulk_external_gte", [
            action(docs, "5", version=3, version_type="external_gte"), {"n": 5}],
             every(200, summary="201")),
        bulk("bulk_type_doc", [action(docs, "6", _type="_doc"), {"n": 6}], expect(
            es7=E(200, summary="201"),
            new=E(400, bad_request, "Action/metadata line [1] contains an unknown parameter "
                                    "[_type]"))),
        bulk("bulk_underscore_routing", [action(docs, "7", _routing="x"), {"n": 7}], every(
            400, bad_request, "Action/metadata line [1] contains an unknown parameter [_routing]")),
        bulk("bulk_id_513_bytes", [action(docs, "x" * 513), {"n": 8}], every(
            400, "action_request_validation_exception",
            "is too long, must be no longer than 512 bytes but was: 513;")),
        bulk("bulk_bad_boolean", [action(docs, "9"), {"b": "on"}], expect(
            E(200, summary="400 mapper_parsing_exception"),
            v8=E(200, summary="400 document_parsing_exception"))),
        # After the load (migration.cc FinishTargets; user_templates.cc).
        Check("settings_load", "PUT", f"/{docs}/_settings",
              {"index": {"number_of_replicas": "0", "refresh_interval": "-1"}}),
        Check("settings_restore_null", "PUT", f"/{docs}/_settings",
              {"index": {"number_of_replicas": None, "refresh_interval": None}},
              expect(E(200), v76=E(400, bad_request, "must specify numberOfReplicas for index"))),
        Check("settings_null_replicas", "PUT", f"/{docs}/_settings",
              {"index": {"number_of_replicas": None}},
              expect(E(200), v76=E(400, bad_request, "must specify numberOfReplicas for index"))),
        Check("settings_null_refresh", "PUT", f"/{docs}/_settings",
              {"index": {"refresh_interval": None}}),
        Check("settings_null_others", "PUT", f"/{docs}/_settings",
              {"index": {"auto_expand_replicas": None, "blocks": {"write": None}}}),
        Check("settings_replicas_1", "PUT", f"/{docs}/_settings",
              {"index": {"number_of_replicas": "1"}}),
        Check("settings_after_restore", "GET", f"/{docs}/_settings?flat_settings=true",
              expected=every(200, summary='index.number_of_replicas="1"'),
              summary=lambda a, s: keys_of(a.json[docs]["settings"],
                                           ["index.number_of_replicas", "index.refresh_interval"])),
        Check("refresh", "POST", f"/{docs}/_refresh"),
        Check("alias", "PUT", f"/{docs}/_alias/{p}al", {
            "filter": {"term": {"title.raw": "One"}}, "index_routing": "r1",
            "search_routing": "r1,r3"}),
        Check("aliases_actions", "POST", "/_aliases", {
            "actions": [{"add": {"index": docs, "alias": p + "al2"}}]}),
        Check("alias_hash", "PUT", f"/{docs}/_alias/%23{p}", None, every(
            400, "invalid_alias_name_exception", f"Invalid alias name [#{p}]: must not contain")),
        # verify (verification.cc, target_reads.cc).
        Check("cat_indices_expand_all", "GET",
              f"/_cat/indices/{docs}?format=json&h=status&expand_wildcards=all",
              expected=expect(E(200, summary="open"),
                              v76=E(400, bad_request, unrecognized + "[expand_wildcards]")),
              summary=lambda a, s: a.json[0]["status"]),
        Check("cat_indices", "GET", f"/_cat/indices/{docs}?format=json&h=status",
              expected=every(200, summary="open"), summary=lambda a, s: a.json[0]["status"]),
        Check("cat_indices_missing", "GET", f"/_cat/indices/{p}nope?format=json&h=status",
              expected=every(404, "index_not_found_exception", f"no such index [{p}nope]")),
        Check("state_metadata", "GET",
              f"/_cluster/state/metadata/{docs}?filter_path=metadata.indices.*.state",
              expected=every(200, summary="open"),
              summary=lambda a, s: a.json["metadata"]["indices"][docs]["state"]),
        Check("health_index", "GET",
              f"/_cluster/health/{docs}?wait_for_status=yellow&timeout=60s"),
        Check("mget", "POST", f"/{docs}/_mget", {"docs": [
            {"_id": "1", "routing": "r1"}, {"_id": "2"}, {"_id": "nope"}]},
              ok(typed_docs, doc_versions),
              summary=lambda a, s: " | ".join(
                  keys_of(d, ["_type", "_routing", "_version", "found"])
                  for d in a.json["docs"])),
        Check("mget_missing_index", "POST", f"/{p}nope/_mget", {"docs": [{"_id": "1"}]},
              every(200, summary=f"index_not_found_exception: no such index [{p}nope]"),
              summary=lambda a, s: mget_errors(a)),
        Check("search_ids", "POST", f"/{docs}/_search",
              {"query": {"ids": {"values": ["1", "3"]}}, "version": True, "size": 24},
              ok(hits_7, hits_new),
              summary=lambda a, s: " | ".join(
                  keys_of(h, ["_type", "_id", "_routing", "_version"]) for h in
                  sorted(hits(a), key=lambda h: h["_id"]))),
        Check("search_ids_missing", "POST", f"/{p}nope/_search",
              {"query": {"ids": {"values": ["1"]}}, "version": True, "size": 20},
              every(404, "index_not_found_exception", f"no such index [{p}nope]")),
        # 8.x and OpenSearch refused bulk_type_doc's document.
        Check("count", "GET", f"/{docs}/_count", expected=ok("6", "5"),
              summary=lambda a, s: str(a.json["count"])),
        Check("count_missing", "GET", f"/{p}nope/_count",
              expected=every(404, "index_not_found_exception", f"no such index [{p}nope]")),
        Check("scroll", "POST", f"/{docs}/_search?scroll=2m",
              {"size": 1000, "_source": False, "sort": ["_doc"]}, ok("hits=6", "hits=5"),
              summary=scroll_id),
        Check("scroll_next", "POST", "/_search/scroll",
              lambda s: {"scroll": "2m", "scroll_id": s["scroll_id"]},
              every(200, summary="hits=0"), summary=lambda a, s: f"hits={len(hits(a))}"),
        Check("scroll_clear", "DELETE", "/_search/scroll",
              lambda s: {"scroll_id": s["scroll_id"]},
              every(200, summary="succeeded=true num_freed=2"),
              summary=lambda a, s: keys_of(a.json, ["succeeded", "num_freed"])),
        # Closed indices: verify opens them, reads, closes them again.
        Check("close", "POST", f"/{docs}/_close"),
        Check("cat_indices_closed", "GET", f"/_cat/indices/{docs}?format=json&h=status",
              expected=every(200, summary="close"), summary=lambda a, s: a.json[0]["status"]),
        Check("cat_indices_closed_expand_all", "GET",
              f"/_cat/indices/{docs}?format=json&h=status&expand_wildcards=all",
              expected=expect(E(200, summary="close"),
                              v76=E(400, bad_request, unrecognized + "[expand_wildcards]")),
              summary=lambda a, s: a.json[0]["status"]),
        Check("state_metadata_closed", "GET",
              f"/_cluster/state/metadata/{docs}?filter_path=metadata.indices.*.state",
              expected=every(200, summary="close"),
              summary=lambda a, s: a.json["metadata"]["indices"][docs]["state"]),
        Check("mget_closed", "POST", f"/{docs}/_mget", {"docs": [{"_id": "1"}]},
              every(200, summary="index_closed_exception: closed"),
              summary=lambda a, s: mget_errors(a)),
        Check("count_closed", "GET", f"/{docs}/_count",
              expected=every(400, "index_closed_exception", "closed")),
        Check("open", "POST", f"/{docs}/_open"),
        Check("health_index_open", "GET",
              f"/_cluster/health/{docs}?wait_for_status=yellow&timeout=60s"),
        # Clean-up as the tests do it (tests/migrate: DELETE /<prefix>*).
        Check("delete_wildcard", "DELETE", f"/{p}zz-*", None, expect(
            E(200), v8=E(400, bad_request,
                         "Wildcard expressions or all indices are not allowed"))),
        Check("delete_exact", "DELETE", f"/{docs}"),
    ]


def flavour(node):
    answer = node.call("GET", "/_nodes/_local?filter_path=nodes.*.version")
    version = first_node(answer).get("version", "?")
    root = node.call("GET", "/")
    distribution = (((root.json or {}).get("version") or {}).get("distribution")
                    if root.status == 200 else None)
    major_minor = ".".join(version.split(".")[:2])
    key = ("os" + major_minor) if distribution == "opensearch" else major_minor
    return key, version, distribution or "elasticsearch"


def cleanup(node, checks_run):
    indices = {c.path.split("?")[0].split("/")[1] for c in checks_run
               if c.method == "PUT" and c.path.startswith("/" + PREFIX)}
    for index in sorted(indices):
        node.call("DELETE", "/" + index)
    for c in checks_run:
        if c.path.startswith("/_template/"):
            node.call("DELETE", c.path.split("?")[0])


def describe(answer):
    text = str(answer.status)
    if answer.error_type is not None:
        text += f" {answer.error_type}: {answer.reason}"
    if answer.summary is not None:
        text += f" [{answer.summary}]"
    return text


def run(node, record):
    key, version, distribution = flavour(node)
    state, results, passed, failed = {}, [], 0, 0
    all_checks = checks()
    try:
        for check in all_checks:
            try:
                answer = check.run(node, state)
            except (KeyError, IndexError, TypeError, ValueError) as error:
                answer = Answer(0, "", [])
                answer.summary = f"unreadable answer: {error!r}"
            results.append({"name": check.name, "method": check.method,
                            "path": check.shown_path(), "status": answer.status,
                            "error_type": answer.error_type, "reason": answer.reason,
                            "summary": answer.summary, "warnings": answer.warnings})
            if record:
                continue
            expected = check.expected.get(key)
            if expected is None:
                print(f"answer {check.name}: {describe(answer)}")
                continue
            problem = expected.mismatch(answer)
            if problem is None:
                passed += 1
                print(f"ok     {check.name}: {describe(answer)}")
            else:
                failed += 1
                print(f"FAILED {check.name}: {check.method} {check.shown_path()}: {problem}"
                      f" — answered {describe(answer)}")
    finally:
        cleanup(node, all_checks)
    if record:
        json.dump({"flavour": key, "version": version, "distribution": distribution,
                   "results": results}, sys.stdout, indent=1)
        print()
        return 0
    if key not in FLAVOURS:
        print(f"no recorded answers for {distribution} {version}: printed only")
        return 0
    print(f"request matrix, {distribution} {version}: {passed} passed, {failed} failed")
    return 1 if failed else 0


def markdown(text):
    text = re.sub(r"matrix-[0-9]+-", "<p>", str(text)).replace("|", "\\|")
    text = text.replace(" please check that any required plugins are installed, or check the "
                        "breaking changes documentation for removed settings", " please check …")
    return re.sub(r"x{513}", "x…(513 bytes)", text)


def cell(result):
    text = str(result["status"])
    if result["error_type"] is not None:
        text = f"**{text}** `{result['error_type']}` {markdown(result['reason'])}"
    if result["summary"]:
        text += " — " + markdown(result["summary"])
    if result["warnings"]:
        text += " ⚠"
    return text


def table(files):
    records = [json.load(open(name)) for name in files]
    print("| check | request | " + " | ".join(r["distribution"].replace("elasticsearch", "ES")
                                            + " " + r["version"] for r in records) + " |")
    print("|---|---|" + "---|" * len(records))
    for i, first in enumerate(records[0]["results"]):
        cells = [cell(r["results"][i]) for r in records]
        path = first["path"].replace(BULK_FILTER, "filter_path=<F>")
        print(f"| {first['name']} | `{first['method']} {path}` | "
              + " | ".join(cells) + " |")


def main(argv):
    if len(argv) >= 2 and argv[0] == "table":
        table(argv[1:])
        return 0
    if len(argv) != 2 or argv[0] not in ("check", "record"):
        print(__doc__, file=sys.stderr)
        return 2
    return run(Node(argv[1]), record=argv[0] == "record")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
