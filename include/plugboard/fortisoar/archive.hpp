// SPDX-License-Identifier: MIT
// Connector archives (.tgz) for install_from_file: reading one from a file,
// and its media type.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/headers.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/fortisoar/options.hpp"

namespace plugboard::fortisoar {

namespace detail {

inline bool ends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() &&
         plugboard::detail::iequals(text.substr(text.size() - suffix.size()), suffix);
}

// FortiSOAR's own UI uploads a .tgz as application/gzip (pyfsr sends
// Python's guess, application/x-tar; the server takes either).
inline std::string guess_archive_type(std::string_view filename) {
  if (ends_with(filename, ".tgz") || ends_with(filename, ".tar.gz")) return "application/gzip";
  if (ends_with(filename, ".tar")) return "application/x-tar";
  return "application/octet-stream";
}

}  // namespace detail

// The file name of `path` (what an upload is called): "hello-world-1.0.0.tgz".
inline std::string archive_file_name(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Reads a connector archive: a regular file (not a pipe or a device such as
// /dev/zero, which never ends) of at most `max_bytes`, read once into a
// buffer of its exact size.
inline connector_archive read_connector_archive(const std::string& path, std::size_t max_bytes) {
  require_non_empty("path", path);
  struct closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  const std::unique_ptr<std::FILE, closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw usage_error("path", "cannot open '" + path + "': no such file, or unreadable");
  struct stat info {};
  if (::fstat(::fileno(file.get()), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw usage_error("path", "'" + path + "' is not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes) {
    throw usage_error("path", "'" + path + "' has " + std::to_string(size) +
                                  " bytes, more than max_archive_bytes (" +
                                  std::to_string(max_bytes) + ")");
  }
  connector_archive archive;
  archive.filename = archive_file_name(path);
  // One byte more than the size, to notice a file that grew meanwhile.
  archive.data.resize(static_cast<std::size_t>(size) + 1);
  const std::size_t n = std::fread(&archive.data[0], 1, archive.data.size(), file.get());
  if (std::ferror(file.get()) != 0 || n == 0) {
    throw usage_error("path", "'" + path + "' is empty or unreadable");
  }
  if (n > size) throw usage_error("path", "'" + path + "' changed while it was read");
  archive.data.resize(n);
  return archive;
}

}  // namespace plugboard::fortisoar
