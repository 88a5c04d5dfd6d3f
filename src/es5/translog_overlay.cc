#include "es5/translog_overlay.h"

#include <algorithm>

namespace shardlift::es5 {

void TranslogOverlay::MakeUid(std::string_view type, std::string_view id, std::string* uid) {
  uid->assign(type);
  uid->push_back('#');
  uid->append(id);
}

Result<TranslogOverlay> TranslogOverlay::Build(ShardTranslog& translog,
                                               std::string_view single_type) {
  TranslogOverlay overlay;
  TranslogOp op;
  std::string uid;
  int64_t sequence = 0;
  for (TranslogReader& reader : translog.generations()) {
    while (true) {
      SL_ASSIGN_OR_RETURN(const bool more, reader.Next(&op));
      if (!more) break;
      const bool is_delete = op.kind == TranslogOp::Kind::kDelete;
      MakeUid(op.type.empty() ? single_type : std::string_view(op.type), op.id, &uid);
      overlay.history_[uid].ops.push_back({sequence++, op.version, is_delete});
      ++(is_delete ? overlay.stats_.delete_ops : overlay.stats_.index_ops);
    }
    if (!reader.torn_tail().empty()) overlay.stats_.torn_tails.push_back(reader.torn_tail());
  }
  return overlay;
}

TranslogOverlay::Outcome TranslogOverlay::Replay(const std::vector<Op>& ops, bool committed,
                                                 int64_t committed_version) {
  Outcome outcome{committed, -1};
  bool known = committed;  // a live doc or a tombstone holds a version
  int64_t version = committed_version;
  for (const Op& op : ops) {
    if (known && op.version <= version) continue;  // version conflict: ES skips the op
    known = true;
    version = op.version;
    outcome.exists = !op.is_delete;
    outcome.winner = op.is_delete ? -1 : op.sequence;
  }
  return outcome;
}

bool TranslogOverlay::KeepCommitted(std::string_view uid, int64_t committed_version) {
  if (history_.empty()) return true;
  const auto it = history_.find(uid);
  if (it == history_.end()) return true;
  History& history = it->second;
  history.resolved = true;
  history.outcome = Replay(history.ops, true, committed_version);
  if (history.outcome.exists && history.outcome.winner < 0) return true;
  ++(history.outcome.exists ? stats_.replaced : stats_.deleted);
  return false;
}

std::vector<int64_t> TranslogOverlay::SurvivingOps() {
  std::vector<int64_t> surviving;
  for (auto& [uid, history] : history_) {
    if (!history.resolved) {
      history.outcome = Replay(history.ops, false, 0);
      if (history.outcome.exists) ++stats_.added;
    }
    if (history.outcome.exists && history.outcome.winner >= 0) {
      surviving.push_back(history.outcome.winner);
    }
  }
  std::sort(surviving.begin(), surviving.end());
  return surviving;
}

}  // namespace shardlift::es5
