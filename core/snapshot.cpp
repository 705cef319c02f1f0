#include "core/snapshot.hpp"

#include "core/parallel_tree.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

namespace archgate::core {

namespace fs = std::filesystem;

namespace {

// Reads the `size` bytes of the regular file `fd` straight into `buffer`
// (its capacity reused, k_read_padding kept; resize() would first zero every
// byte: 19 MB of memset for a large lockfile). Returns 0 or errno; a file
// that shrank meanwhile leaves what was there.
int read_regular(int fd, std::size_t size, std::string& buffer) {
  if (buffer.capacity() < size + k_read_padding) buffer.reserve(size + k_read_padding);
  int err = 0;
  // (Not the callback's second argument: GCC 12 passes the grown capacity
  // there when it reallocates.)
  buffer.resize_and_overwrite(size, [&](char* p, std::size_t) {
    const std::size_t n = size;
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd, p + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        err = errno;
        break;
      }
      if (r == 0) break;  // the file shrank
      got += static_cast<std::size_t>(r);
    }
    return got;
  });
  return err;
}

}  // namespace

std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty()) {
    return std::string(name);
  }
  if (name.empty()) {
    return std::string(dir);
  }
  std::string out(dir);
  if (out.back() != '/') {
    out += '/';
  }
  out += name;
  return out;
}

std::string_view parent_path(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

std::optional<std::string> normalize_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto next = path.find('/', pos);
    if (next == std::string_view::npos) {
      next = path.size();
    }
    auto part = path.substr(pos, next - pos);
    if (part == "..") {
      if (parts.empty()) {
        return std::nullopt;
      }
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = next + 1;
  }
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) {
      out += '/';
    }
    out += part;
  }
  return out;
}

std::vector<std::string> Snapshot::walk(
    std::string_view dir, const std::function<bool(std::string_view)>& descend) const {
  // Folders are listed on a few threads (list() may be called from several;
  // `descend` must not keep state); each thread collects its own files.
  std::size_t threads = tree_threads();
  std::vector<std::vector<std::string>> found(threads);
  visit_tree(std::vector<std::string>{std::string(dir)}, threads,
             [&](std::size_t worker, const std::string& current, std::vector<std::string>& more) {
               for (const auto& entry : list(current)) {
                 if (entry.kind == EntryKind::link) {
                   continue;
                 }
                 auto path = join_path(current, entry.name);
                 if (entry.kind == EntryKind::directory) {
                   if (entry.name == "node_modules" || entry.name == ".git") {
                     continue;
                   }
                   if (descend && !descend(path)) {
                     continue;
                   }
                   more.push_back(std::move(path));
                 } else {
                   found[worker].push_back(std::move(path));
                 }
               }
             });
  std::vector<std::string> out = std::move(found[0]);
  for (std::size_t t = 1; t < threads; ++t) {
    out.insert(out.end(), std::make_move_iterator(found[t].begin()), std::make_move_iterator(found[t].end()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

WorkingTreeSnapshot::WorkingTreeSnapshot(std::string root) : m_root(std::move(root)) {
  while (m_root.size() > 1 && m_root.back() == '/') {
    m_root.pop_back();
  }
}

std::string WorkingTreeSnapshot::full(std::string_view path) const {
  return path.empty() ? m_root : m_root + "/" + std::string(path);
}

std::optional<EntryKind> WorkingTreeSnapshot::stat(std::string_view path) const {
  std::error_code ec;
  auto status = fs::status(full(path), ec);
  if (ec || !fs::exists(status)) {
    return std::nullopt;
  }
  return fs::is_directory(status) ? EntryKind::directory : EntryKind::file;
}

std::vector<DirEntry> WorkingTreeSnapshot::list(std::string_view dir) const {
  std::string key(dir);
  {
    std::lock_guard lock(m_lists_mutex);
    if (auto it = m_lists.find(key); it != m_lists.end()) return it->second;
  }
  auto entries = list_uncached(dir);
  std::lock_guard lock(m_lists_mutex);
  m_lists.emplace(std::move(key), entries);
  return entries;
}

std::vector<DirEntry> WorkingTreeSnapshot::list_uncached(std::string_view dir) const {
  std::vector<DirEntry> out;
#if defined(__linux__)
  // getdents64 straight into a buffer: the entry types come with the names,
  // so a directory costs open + two getdents64 + close, and no path object
  // per entry (the source pass lists thousands of directories).
  int fd = ::open(full(dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return out;
  alignas(8) char buffer[32768];
  for (;;) {
    long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
    if (n <= 0) break;
    for (long off = 0; off < n;) {
      // The kernel's record, which glibc's struct dirent64 spells.
      const auto* d = reinterpret_cast<const struct dirent64*>(buffer + off);
      off += d->d_reclen;
      std::string_view name(d->d_name);
      if (name == "." || name == "..") continue;
      unsigned char type = d->d_type;
      auto kind = EntryKind::file;
      if (type == DT_DIR) {
        kind = EntryKind::directory;
      } else if (type == DT_LNK || type == DT_UNKNOWN) {
        struct stat st {};
        bool is_link = type == DT_LNK;
        if (type == DT_UNKNOWN && ::fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) is_link = S_ISLNK(st.st_mode);
        if (is_link) {
          // A link to a directory (or a dangling one) is listed, never followed.
          if (::fstatat(fd, d->d_name, &st, 0) != 0 || S_ISDIR(st.st_mode)) kind = EntryKind::link;
        } else if (S_ISDIR(st.st_mode)) {
          kind = EntryKind::directory;
        }
      }
      out.push_back({std::string(name), kind});
    }
  }
  ::close(fd);
#else
  std::error_code ec;
  fs::directory_iterator it(full(dir), ec);
  if (ec) {
    return out;
  }
  for (const auto& entry : it) {
    std::error_code sec;
    auto kind = EntryKind::file;
    if (entry.is_symlink(sec)) {
      std::error_code tec;
      if (entry.is_directory(tec) || !entry.exists(tec)) kind = EntryKind::link;
    } else if (entry.is_directory(sec)) {
      kind = EntryKind::directory;
    }
    out.push_back({entry.path().filename().string(), kind});
  }
#endif
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<std::string> WorkingTreeSnapshot::read(std::string_view path) const {
  // open + fstat + read: three system calls per file (the source pass reads
  // thousands), and no stream machinery.
  auto name = full(path);
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(std::string(path), std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return fail(std::string(path), std::string("cannot stat: ") + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return fail(std::string(path), "is a directory, expected a file");
  }
  std::string content;
  auto size = static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 0);
  if (S_ISREG(st.st_mode)) {
    int err = read_regular(fd, size, content);
    ::close(fd);
    if (err != 0) return fail(std::string(path), std::string("read error: ") + std::strerror(err));
    return content;
  }
  // A pipe or device: read on in chunks until the end. Leave room for
  // simdjson's padding so JSON readers never copy the file.
  content.reserve(size + k_read_padding);
  content.resize(size);
  std::size_t got = 0;
  while (true) {
    if (got == content.size()) content.resize(got + 65536);
    ssize_t n = ::read(fd, content.data() + got, content.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail(std::string(path), std::string("read error: ") + std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  content.resize(got);
  ::close(fd);
  return content;
}

Result<std::size_t> WorkingTreeSnapshot::read_into(std::string_view path, std::string& buffer) const {
  auto name = full(path);
  int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(std::string(path), std::string("cannot open: ") + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    // Directories, pipes and devices: read() says what they are.
    ::close(fd);
    auto text = read(path);
    if (!text) return std::unexpected(text.error());
    buffer = std::move(*text);
    return buffer.size();
  }
  int err = read_regular(fd, static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 0), buffer);
  ::close(fd);
  if (err != 0) return fail(std::string(path), std::string("read error: ") + std::strerror(err));
  return buffer.size();
}

std::string WorkingTreeSnapshot::describe() const { return "working tree at " + m_root; }

void MemorySnapshot::add(std::string path, std::string content) {
  auto it = std::lower_bound(m_files.begin(), m_files.end(), path,
                             [](const auto& f, const std::string& p) { return f.first < p; });
  if (it != m_files.end() && it->first == path) {
    it->second = std::move(content);
  } else {
    m_files.insert(it, {std::move(path), std::move(content)});
  }
}

std::optional<EntryKind> MemorySnapshot::stat(std::string_view path) const {
  if (path.empty()) {
    return EntryKind::directory;
  }
  std::string prefix = std::string(path) + "/";
  for (const auto& [name, content] : m_files) {
    if (name == path) {
      return EntryKind::file;
    }
    if (name.starts_with(prefix)) {
      return EntryKind::directory;
    }
  }
  return std::nullopt;
}

std::vector<DirEntry> MemorySnapshot::list(std::string_view dir) const {
  std::string prefix = dir.empty() ? std::string() : std::string(dir) + "/";
  std::set<std::string> files;
  std::set<std::string> dirs;
  for (const auto& [name, content] : m_files) {
    if (!name.starts_with(prefix)) {
      continue;
    }
    auto rest = std::string_view(name).substr(prefix.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
      files.emplace(rest);
    } else {
      dirs.emplace(rest.substr(0, slash));
    }
  }
  std::vector<DirEntry> out;
  for (const auto& d : dirs) {
    out.push_back({d, EntryKind::directory});
  }
  for (const auto& f : files) {
    out.push_back({f, EntryKind::file});
  }
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

Result<std::string> MemorySnapshot::read(std::string_view path) const {
  for (const auto& [name, content] : m_files) {
    if (name == path) {
      return content;
    }
  }
  if (stat(path) == EntryKind::directory) {
    return fail(std::string(path), "is a directory, expected a file");
  }
  return fail(std::string(path), "no such file");
}

}  // namespace archgate::core
