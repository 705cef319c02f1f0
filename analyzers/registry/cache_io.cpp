#include "analyzers/registry/cache_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace archgate::registry::detail {

namespace fs = std::filesystem;

std::optional<SplitUrl> split_url(std::string_view url) {
  auto se = url.find("://");
  if (se == std::string_view::npos) {
    return std::nullopt;
  }
  auto scheme = url.substr(0, se);
  if (scheme != "http" && scheme != "https") {
    return std::nullopt;
  }
  auto slash = url.find('/', se + 3);
  auto authority = url.substr(se + 3, slash == std::string_view::npos ? url.npos : slash - se - 3);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  if (authority.empty()) {
    return std::nullopt;
  }
  SplitUrl s;
  s.host = std::string(authority);
  s.origin = std::string(scheme) + "://" + s.host;
  s.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  return s;
}

std::string safe_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == '@';
    if (ok) {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02x", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> slurp(const fs::path& p) {
  std::string out;
  if (!slurp_into(p, out)) return std::nullopt;
  return out;
}

bool slurp_into(const fs::path& p, std::string& out, std::size_t spare) {
  // open + fstat + read: a warm `deps` reads two small files per package,
  // and stream machinery cost more than the reading.
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return false;
  }
  bool ok = true;
  auto n = static_cast<std::size_t>(st.st_size);
  out.resize_and_overwrite(n + spare, [&](char* buf, std::size_t) {
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd, buf + got, n - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        ok = false;
        break;
      }
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    return got;
  });
  ::close(fd);
  return ok;
}

bool write_atomically(const fs::path& p, std::string_view text) {
  auto tmp = p;
  tmp += ".tmp" + std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      return false;
    }
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!f) {
      return false;
    }
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);
  return !ec;
}

std::optional<CacheMeta> read_meta(const fs::path& p) {
  auto text = slurp(p);
  if (!text) {
    return std::nullopt;
  }
  CacheMeta m;
  std::istringstream in(*text);
  std::string line;
  bool have_time = false;
  while (std::getline(in, line)) {
    auto sp = line.find(' ');
    auto key = line.substr(0, sp);
    auto value = sp == std::string::npos ? std::string{} : line.substr(sp + 1);
    if (key == "fetched") {
      m.fetched = std::strtoll(value.c_str(), nullptr, 10);
      have_time = true;
    } else if (key == "etag") {
      m.etag = value;
    } else if (key == "last-modified") {
      m.last_modified = value;
    }
  }
  if (!have_time) {
    return std::nullopt;
  }
  return m;
}

std::string meta_text(const CacheMeta& m) {
  std::string out = "fetched " + std::to_string(m.fetched) + "\n";
  if (!m.etag.empty()) {
    out += "etag " + m.etag + "\n";
  }
  if (!m.last_modified.empty()) {
    out += "last-modified " + m.last_modified + "\n";
  }
  return out;
}

bool single_line(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

}  // namespace archgate::registry::detail
