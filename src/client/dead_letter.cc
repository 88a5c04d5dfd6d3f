#include "client/dead_letter.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "xcontent/json_writer.h"

namespace shardlift::client {
namespace {

void AppendField(std::string& line, std::string_view name, std::optional<std::string_view> value) {
  line += ",\"";
  line += name;
  line += "\":";
  if (value) {
    xcontent::AppendJsonString(*value, line);
  } else {
    line += "null";
  }
}

}  // namespace

Result<std::unique_ptr<DeadLetterFile>> DeadLetterFile::Create(const std::string& path) {
  const std::string partial = PartialPath(path);
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) {
    return Status::IoError("cannot create the dead-letter file " + partial + ": " +
                           std::strerror(errno));
  }
  return std::unique_ptr<DeadLetterFile>(new DeadLetterFile(path, std::move(out)));
}

std::string DeadLetterFile::path() const {
  std::lock_guard lock(mutex_);
  return committed_ ? path_ : PartialPath(path_);
}

Status DeadLetterFile::Write(const DeadLetter& letter) {
  std::lock_guard lock(mutex_);
  line_ = "{\"index\":";
  xcontent::AppendJsonString(letter.key.index, line_);
  AppendField(line_, "type", letter.key.type);
  AppendField(line_, "id", letter.key.id);
  AppendField(line_, "routing", letter.key.routing);
  AppendField(line_, "parent", letter.key.parent);
  line_ += ",\"version\":" + std::to_string(letter.key.version);
  AppendField(line_, "target_index", letter.target_index);
  AppendField(line_, "reason", letter.reason);
  AppendField(line_, "detail", letter.detail);
  line_ += ",\"source\":";
  line_ += letter.source ? *letter.source : "null";
  line_ += "}\n";
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  out_.flush();  // a crash must not lose what was already accounted for
  if (!out_) return Status::IoError("cannot write the dead-letter file " + PartialPath(path_));
  ++count_;
  ++by_reason_[std::string(letter.reason)];
  return Status();
}

int64_t DeadLetterFile::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::map<std::string, int64_t> DeadLetterFile::by_reason() const {
  std::lock_guard lock(mutex_);
  return by_reason_;
}

Status DeadLetterFile::Close() {
  std::lock_guard lock(mutex_);
  if (!out_.is_open()) return Status();
  out_.close();
  if (out_.fail())
    return Status::IoError("cannot close the dead-letter file " + PartialPath(path_));
  return Status();
}

Status DeadLetterFile::Commit() {
  SL_RETURN_IF_ERROR(Close());
  std::lock_guard lock(mutex_);
  if (std::rename(PartialPath(path_).c_str(), path_.c_str()) != 0) {
    return Status::IoError("cannot rename the dead-letter file " + PartialPath(path_) + " to " +
                           path_ + ": " + std::strerror(errno));
  }
  committed_ = true;
  return Status();
}

}  // namespace shardlift::client
