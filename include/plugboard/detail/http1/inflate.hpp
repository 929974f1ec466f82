#pragma once

// gzip and deflate content codings, inflated as the body arrives so that the
// size cap applies to the decoded bytes: a small compressed body that
// inflates to gigabytes stops at the cap instead of exhausting memory.

#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"

namespace plugboard::detail::http1 {

class inflater {
 public:
  inflater() {
    // 15 + 32: a gzip or a zlib header, detected from the first bytes.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) {
      throw transport_error(transport_failure::other, "cannot start the decompressor");
    }
  }
  inflater(const inflater&) = delete;
  inflater& operator=(const inflater&) = delete;
  ~inflater() { inflateEnd(&stream_); }

  // Appends the inflated form of `in` to `out`; throws too_large when `out`
  // would grow past `cap`, protocol when the data is corrupt.
  void feed(std::string_view in, std::string& out, std::size_t cap) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(in.size());
    while (stream_.avail_in > 0 && !ended_) {
      char chunk[16384];
      stream_.next_out = reinterpret_cast<Bytef*>(chunk);
      stream_.avail_out = sizeof chunk;
      int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_DATA_ERROR && !raw_ && stream_.total_out == 0 && stream_.total_in <= in.size()) {
        // Some servers send "deflate" without the zlib wrapper.
        retry_raw(in);
        continue;
      }
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        throw transport_error(transport_failure::protocol, "the compressed body is corrupt");
      }
      const std::size_t produced = sizeof chunk - stream_.avail_out;
      if (produced > cap - out.size()) throw too_large(cap);
      out.append(chunk, produced);
      if (rc == Z_STREAM_END) ended_ = true;
      if (rc == Z_BUF_ERROR && produced == 0) break;
    }
  }

  // Throws when the compressed stream stopped before its end.
  void finish() const {
    if (!ended_)
      throw transport_error(transport_failure::protocol, "the compressed body is truncated");
  }

  static transport_error too_large(std::size_t cap) {
    return transport_error(
        transport_failure::too_large,
        "the decompressed body exceeds max_response_bytes (" + std::to_string(cap) + ")");
  }

 private:
  void retry_raw(std::string_view in) {
    inflateEnd(&stream_);
    stream_ = z_stream{};
    if (inflateInit2(&stream_, -15) != Z_OK) {
      throw transport_error(transport_failure::other, "cannot start the decompressor");
    }
    raw_ = true;
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(in.size());
  }

  z_stream stream_{};
  bool raw_ = false;
  bool ended_ = false;
};

}  // namespace plugboard::detail::http1
