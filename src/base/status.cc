#include "base/status.h"

namespace shardlift {

namespace {

std::string_view CodePrefix(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "OK";
    case Status::Code::kCorruption:
      return "corrupt";
    case Status::Code::kNotFound:
      return "not found";
    case Status::Code::kUnsupported:
      return "unsupported";
    case Status::Code::kInvalidArgument:
      return "invalid argument";
    case Status::Code::kIoError:
      return "I/O error";
  }
  return "unknown";
}

}  // namespace

const std::string& Status::message() const {
  static const std::string kEmpty;
  return rep_ ? rep_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(CodePrefix(rep_->code));
  out += ": ";
  out += rep_->message;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += rep_->message;
  return Status(rep_->code, message);
}

}  // namespace shardlift
