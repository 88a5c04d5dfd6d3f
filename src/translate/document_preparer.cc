#include "translate/document_preparer.h"

#include "xcontent/json_writer.h"

namespace shardlift::translate {
namespace {

// `object` with `members` (",\"k\":v…" with its leading comma) added before its closing brace.
bool AppendMembers(std::string_view object, std::string_view members, std::string& out) {
  const size_t close = object.find_last_of('}');
  const size_t open = object.find_first_of('{');
  if (close == std::string_view::npos || open == std::string_view::npos || open > close) {
    return false;
  }
  const bool empty = object.find_first_not_of(" \t\r\n", open + 1) == close;
  out.assign(object.substr(0, close));
  out.append(empty ? members.substr(1) : members);
  out.append(object.substr(close));
  return true;
}

void AppendKey(std::string& out, std::string_view key) {
  out += ',';
  xcontent::AppendJsonString(key, out);
  out += ':';
}

}  // namespace

DocumentPreparer::DocumentPreparer(const IndexPlan& plan, PreparerOptions options, Report& report)
    : plan_(plan), options_(std::move(options)), report_(report) {
  for (size_t i = 0; i < plan_.targets.size(); ++i) {
    if (!plan_.targets[i].boolean_fields.empty() && options_.coerce_booleans) {
      coercions_[i] = std::make_unique<BooleanCoercion>(plan_.targets[i].boolean_fields);
    }
  }
}

void DocumentPreparer::DeadLetter(std::string_view reason, std::string detail) {
  out_.dead_reason = reason;
  out_.dead_detail = std::move(detail);
}

void DocumentPreparer::AppendExtraFields(const SourceDocument& doc, const TypeRoute& route) {
  extra_.clear();
  if (!route.join_field.empty()) {
    AppendKey(extra_, route.join_field);
    if (route.join_role == JoinRole::kChild) {
      extra_ += "{\"name\":";
      xcontent::AppendJsonString(doc.type, extra_);
      extra_ += ",\"parent\":";
      // A parent whose id got its type prefix is known to ES 7 by that id.
      const std::string_view parent = doc.parent.value_or("");
      if (collisions_ != nullptr && collisions_->Collides(parent)) {
        xcontent::AppendJsonString(PrefixedId(route.join_parent_type, parent), extra_);
      } else {
        xcontent::AppendJsonString(parent, extra_);
      }
      extra_ += '}';
    } else {
      xcontent::AppendJsonString(doc.type, extra_);
    }
  }
  if (!route.type_field.empty()) {
    AppendKey(extra_, route.type_field);
    xcontent::AppendJsonString(doc.type, extra_);
  }
  if (route.keep_timestamp && doc.timestamp && options_.timestamp_field) {
    AppendKey(extra_, *options_.timestamp_field);
    extra_ += std::to_string(*doc.timestamp);
  }
  if (route.keep_ttl && doc.ttl && options_.ttl_field) {
    AppendKey(extra_, *options_.ttl_field);
    extra_ += std::to_string(*doc.ttl);
  }
}

const PreparedDocument& DocumentPreparer::Prepare(const SourceDocument& doc) {
  out_ = PreparedDocument{};
  const TypeRoute* route = plan_.Route(doc.type);
  if (route == nullptr) {
    DeadLetter("unknown-type", "the index has no mapping for type [" + std::string(doc.type) + "]");
    return out_;
  }
  const size_t target = route->target;
  out_.target_index = plan_.targets[target].name;
  out_.id = doc.id;
  if (collisions_ != nullptr && !route->type_field.empty() && collisions_->Collides(doc.id)) {
    id_ = PrefixedId(doc.type, doc.id);
    out_.id = id_;
    // Routed by the original id, as in ES 5: children routed to it land on the same shard.
    if (!doc.routing) out_.routing = doc.id;
    report_.Count("id-prefixed-for-type-collision");
  }
  if (!doc.source_error.empty()) {
    DeadLetter("source-unreadable", std::string(doc.source_error));
    return out_;
  }
  if (!doc.source) {
    DeadLetter("source-disabled",
               "_source is disabled in the ES 5 mapping: the document cannot be rebuilt");
    return out_;
  }
  if (out_.id.size() > kMaxIdBytes) {
    DeadLetter("id-too-long", "the _id has " + std::to_string(out_.id.size()) +
                                  " bytes; ES 7 refuses more than 512");
    return out_;
  }
  if (route->join_role == JoinRole::kChild && (!doc.parent || doc.parent->empty())) {
    DeadLetter("child-without-parent", "a child type's document has no parent id");
    return out_;
  }
  if (doc.routing) out_.routing = doc.routing;
  if (!out_.routing && route->join_role == JoinRole::kChild) out_.routing = doc.parent;

  std::string_view source = *doc.source;
  if (auto it = coercions_.find(target);
      it != coercions_.end() && it->second->MayNeedRewrite(source)) {
    auto rewritten = it->second->Rewrite(source, coerced_);
    if (!rewritten.ok()) {
      DeadLetter("source-unparseable", rewritten.status().ToString());
      return out_;
    }
    if (*rewritten > 0) {
      source = coerced_;
      report_.Count("boolean-coerced-values", *rewritten);
      report_.Count("boolean-coerced-documents");
    }
  }
  AppendExtraFields(doc, *route);
  if (!extra_.empty()) {
    if (!AppendMembers(source, extra_, source_)) {
      DeadLetter("source-not-an-object", "_source is not a JSON object");
      return out_;
    }
    source = source_;
  }
  out_.source = source;
  return out_;
}

}  // namespace shardlift::translate
