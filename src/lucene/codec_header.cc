#include "lucene/codec_header.h"

#include <algorithm>
#include <cstdio>

#include "io/crc32.h"

namespace shardlift::lucene {

namespace {

std::string Hex32(uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%08x", value);
  return buf;
}

// Lucene requires header strings to be plain ASCII of < 128 bytes (one VInt length byte).
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", u);
      out += buf;
    }
  }
  return out + "'";
}

// Reads the magic at the current position of `in`; false (with the error in `in`) unless it is
// Lucene's.
bool ReadMagic(io::DataInput& in) {
  const uint64_t start = in.position();
  const auto magic = static_cast<uint32_t>(in.ReadInt());
  if (in.ok() && magic != kCodecMagic) {
    in.FailAt(start,
              "no Lucene codec header: magic " + Hex32(magic) + ", expected " + Hex32(kCodecMagic));
  }
  return in.ok();
}

}  // namespace

std::string IdToHex(const SegmentId& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : id) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

int32_t ReadCodecHeader(io::DataInput& in, std::string_view codec, int32_t min_version,
                        int32_t max_version) {
  if (!ReadMagic(in)) return -1;
  const uint64_t codec_at = in.position();
  const std::string_view found = in.ReadString();
  if (!in.ok()) return -1;
  if (found != codec) {
    in.FailAt(codec_at, "codec " + Quoted(found) + " where " + Quoted(codec) + " was expected");
    return -1;
  }
  const uint64_t version_at = in.position();
  const int32_t version = in.ReadInt();
  if (!in.ok()) return -1;
  if (version < min_version || version > max_version) {
    in.FailAt(version_at, "unsupported " + std::string(codec) + " format version " +
                              std::to_string(version) + " (this reader knows " +
                              std::to_string(min_version) + ".." + std::to_string(max_version) +
                              ")");
    return -1;
  }
  return version;
}

int32_t ReadIndexHeader(io::DataInput& in, const HeaderSpec& spec) {
  const int32_t version = ReadCodecHeader(in, spec.codec, spec.min_version, spec.max_version);
  if (version < 0) return -1;
  const uint64_t id_at = in.position();
  const ByteView id = in.ReadBytes(kIdLength);
  if (!in.ok()) return -1;
  if (spec.id != nullptr && !std::equal(id.begin(), id.end(), spec.id->begin())) {
    SegmentId found;
    std::copy(id.begin(), id.end(), found.begin());
    in.FailAt(id_at, "file belongs to another segment: id " + IdToHex(found) + ", expected " +
                         IdToHex(*spec.id));
    return -1;
  }
  const uint64_t suffix_at = in.position();
  const uint8_t suffix_length = in.ReadByte();
  const ByteView suffix_bytes = in.ReadBytes(suffix_length);
  if (!in.ok()) return -1;
  const std::string_view suffix(reinterpret_cast<const char*>(suffix_bytes.data()),
                                suffix_bytes.size());
  if (suffix != spec.suffix) {
    in.FailAt(suffix_at, "header suffix " + Quoted(suffix) + " where " + Quoted(spec.suffix) +
                             " was expected");
    return -1;
  }
  return version;
}

Result<std::string_view> PeekCodecName(const io::FileSlice& file) {
  io::DataInput in(file);
  if (!ReadMagic(in)) return in.status();
  const std::string_view codec = in.ReadString();
  if (!in.ok()) return in.status();
  return codec;
}

Status CheckFooter(const io::FileSlice& file, bool verify_checksum) {
  if (file.size() < kFooterLength) {
    return file.CorruptionAt(0, "file of " + std::to_string(file.size()) +
                                    " bytes is too short for a checksum footer (truncated?)");
  }
  const uint64_t footer_at = file.size() - kFooterLength;
  io::DataInput in(file);
  in.Seek(footer_at);
  const auto magic = static_cast<uint32_t>(in.ReadInt());
  const int32_t algorithm = in.ReadInt();
  const auto checksum = static_cast<uint64_t>(in.ReadLong());
  SL_RETURN_IF_ERROR(in.status());
  if (magic != kFooterMagic) {
    return file.CorruptionAt(footer_at, "footer magic " + Hex32(magic) + ", expected " +
                                            Hex32(kFooterMagic) + " (truncated file?)");
  }
  if (algorithm != 0) {
    return file.CorruptionAt(footer_at + 4,
                             "unknown checksum algorithm id " + std::to_string(algorithm));
  }
  if ((checksum >> 32) != 0) {
    return file.CorruptionAt(footer_at + 8, "illegal checksum (upper 32 bits set)");
  }
  if (verify_checksum) {
    const uint32_t actual = io::Crc32(file.bytes().first(file.size() - 8));
    if (actual != checksum) {
      return file.CorruptionAt(footer_at + 8, "checksum mismatch: footer says " +
                                                  Hex32(static_cast<uint32_t>(checksum)) +
                                                  ", data has " + Hex32(actual));
    }
  }
  return Status();
}

Status CheckDataFileFooter(const io::FileSlice& file, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  if (options.verify_checksums && options.release_read_pages) file.Release(0, file.size());
  return Status();
}

io::DataInput BodyInput(const io::FileSlice& file) {
  io::DataInput in(file);
  in.SetLimit(file.size() >= kFooterLength ? file.size() - kFooterLength : 0);
  return in;
}

Status ExpectBodyEnd(io::DataInput& in) {
  if (in.ok() && !in.AtEnd()) {
    in.Fail(std::to_string(in.remaining()) + " unexpected bytes before the checksum footer");
  }
  return in.status();
}

}  // namespace shardlift::lucene
