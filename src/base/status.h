// Status: the outcome of an operation that can fail, LevelDB style.
//
// An OK status costs one null pointer; an error carries a code and a message that names the file
// and offset where things went wrong, so it can be shown to the user as is.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace shardlift {

class [[nodiscard]] Status {
 public:
  enum class Code : unsigned char {
    kOk,
    kCorruption,       // bytes on disk do not match their format
    kNotFound,         // a file or entry that must exist does not
    kUnsupported,      // a valid format we do not read (e.g. a Lucene 4.x segment)
    kInvalidArgument,  // the user asked for something impossible
    kIoError,          // the operating system refused
  };

  Status() = default;

  static Status Corruption(std::string_view message) { return {Code::kCorruption, message}; }
  static Status NotFound(std::string_view message) { return {Code::kNotFound, message}; }
  static Status Unsupported(std::string_view message) { return {Code::kUnsupported, message}; }
  static Status InvalidArgument(std::string_view message) {
    return {Code::kInvalidArgument, message};
  }
  static Status IoError(std::string_view message) { return {Code::kIoError, message}; }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  bool IsCorruption() const { return code() == Code::kCorruption; }
  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsUnsupported() const { return code() == Code::kUnsupported; }

  // The bare message ("" when OK).
  const std::string& message() const;
  // "corrupt: <message>", "not found: <message>", … or "OK".
  std::string ToString() const;

  // A copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view message)
      : rep_(std::make_shared<const Rep>(Rep{code, std::string(message)})) {}

  std::shared_ptr<const Rep> rep_;  // null means OK; shared so copies stay cheap
};

}  // namespace shardlift

#define SL_STATUS_CONCAT_INNER(a, b) a##b
#define SL_STATUS_CONCAT(a, b) SL_STATUS_CONCAT_INNER(a, b)

// Returns the status of `expr` from the enclosing function if it is not OK.
#define SL_RETURN_IF_ERROR(expr)                                                      \
  do {                                                                                \
    if (::shardlift::Status sl_status_ = (expr); !sl_status_.ok()) return sl_status_; \
  } while (0)
