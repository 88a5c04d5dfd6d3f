// Helpers for es5 unit tests: temp directories and byte builders for ES's framed files.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/crc32.h"

namespace shardlift::es5::testing {

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "shardlift-XXXXXX").native();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(std::string_view relative) const { return (path_ / relative).native(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// Big-endian bytes and Lucene-style encodings.
class Bytes {
 public:
  Bytes& Int(uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(v >> shift));
    return *this;
  }
  Bytes& Long(uint64_t v) {
    Int(static_cast<uint32_t>(v >> 32));
    return Int(static_cast<uint32_t>(v));
  }
  Bytes& Byte(uint8_t v) {
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  Bytes& VInt(uint32_t v) {
    while (v >= 0x80) {
      Byte(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    return Byte(static_cast<uint8_t>(v));
  }
  Bytes& Raw(std::string_view bytes) {
    out_.append(bytes);
    return *this;
  }
  // An ES StreamOutput string of ASCII/BMP text given as UTF-16 units.
  Bytes& EsString(const std::u16string& units) {
    VInt(static_cast<uint32_t>(units.size()));
    for (char16_t u : units) {
      if (u < 0x80) {
        Byte(static_cast<uint8_t>(u));
      } else if (u < 0x800) {
        Byte(static_cast<uint8_t>(0xC0 | (u >> 6))).Byte(static_cast<uint8_t>(0x80 | (u & 0x3F)));
      } else {
        Byte(static_cast<uint8_t>(0xE0 | (u >> 12)))
            .Byte(static_cast<uint8_t>(0x80 | ((u >> 6) & 0x3F)))
            .Byte(static_cast<uint8_t>(0x80 | (u & 0x3F)));
      }
    }
    return *this;
  }
  Bytes& EsAscii(std::string_view text) {
    return EsString(std::u16string(text.begin(), text.end()));
  }
  Bytes& CodecHeader(std::string_view codec, uint32_t version) {
    Int(0x3FD76C17).VInt(static_cast<uint32_t>(codec.size())).Raw(codec);
    return Int(version);
  }
  // Appends the Lucene footer: magic, algorithm 0, CRC-32 of everything before the CRC.
  Bytes& Footer() {
    Int(0xC02893E8).Int(0);
    const auto* data = reinterpret_cast<const uint8_t*>(out_.data());
    return Long(io::Crc32({data, out_.size()}));
  }
  const std::string& str() const { return out_; }
  size_t size() const { return out_.size(); }

 private:
  std::string out_;
};

inline uint32_t Crc(std::string_view bytes) {
  return io::Crc32({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

// Translog pieces (ES 5.x): a generation's header, an op framed with its size and CRC-32, an
// index op, and a checkpoint file.
inline std::string TranslogHeader(std::string_view uuid) {
  return Bytes().CodecHeader("translog", 2).Int(static_cast<uint32_t>(uuid.size())).Raw(uuid).str();
}

inline std::string Framed(const std::string& op) {
  return Bytes().Int(static_cast<uint32_t>(op.size() + 4)).Raw(op).Int(Crc(op)).str();
}

inline std::string IndexOp(std::string_view id, uint64_t version, int format = 7,
                           std::string_view source = "{\"a\":1}", std::string_view type = "doc") {
  Bytes b;
  b.Byte(2).VInt(format).EsAscii(id).EsAscii(type);
  b.VInt(static_cast<uint32_t>(source.size())).Raw(source);
  b.Byte(1).EsAscii("r1").Byte(0);  // routing, no parent
  b.Long(version).Long(1500000000000).Long(static_cast<uint64_t>(-1)).Byte(0);
  if (format >= 7) b.Long(static_cast<uint64_t>(-1));
  return b.str();
}

inline std::string Checkpoint5(uint64_t offset, uint32_t ops, uint64_t generation) {
  return Bytes().CodecHeader("ckp", 1).Long(offset).Int(ops).Long(generation).Footer().str();
}

}  // namespace shardlift::es5::testing
