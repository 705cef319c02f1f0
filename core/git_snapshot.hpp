#pragma once
// Snapshots read from git through libgit2, without a checkout and without
// writing to the repository: the index (what the next commit will contain,
// `--staged`) or any revision (`--rev`, a merge base for `--diff-base`).
//
// Paths are relative to the folder archgate was pointed at inside the
// repository (a subfolder of the work tree checks that subtree). Symbolic
// links and submodules list as EntryKind::link and are never followed or
// read; nothing can escape the snapshot's root.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/snapshot.hpp"

namespace archgate::core {

// The hooks folder of the repository that contains `path` (<git dir>/hooks).
Result<std::string> git_hooks_dir(const std::string& path);

class GitSnapshot final : public Snapshot {
 public:
  ~GitSnapshot() override;
  GitSnapshot(const GitSnapshot&) = delete;
  GitSnapshot& operator=(const GitSnapshot&) = delete;

  // The index of the repository that contains `path` (found from any
  // subfolder).
  static Result<std::unique_ptr<GitSnapshot>> index(const std::string& path);
  // The tree of `rev` (a commit, tag, branch or anything `git rev-parse`
  // takes) in the repository that contains `path`; bare repositories work.
  static Result<std::unique_ptr<GitSnapshot>> revision(const std::string& path, const std::string& rev);
  // The merge base of HEAD and `rev` (`--diff-base`), as a revision snapshot.
  static Result<std::unique_ptr<GitSnapshot>> merge_base(const std::string& path, const std::string& rev);

  [[nodiscard]] std::optional<EntryKind> stat(std::string_view path) const override;
  [[nodiscard]] std::vector<DirEntry> list(std::string_view dir) const override;
  [[nodiscard]] Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] std::string describe() const override { return m_description; }

  // The commit the snapshot was taken from (hex), or "" for the index.
  [[nodiscard]] const std::string& commit() const { return m_commit; }

 private:
  struct Repo;
  struct Entry {
    EntryKind kind = EntryKind::file;
    unsigned char oid[20] = {};
  };
  GitSnapshot() = default;
  static Result<std::unique_ptr<GitSnapshot>> open(const std::string& path);
  void add(std::string path, EntryKind kind, const unsigned char* oid);
  void finish();

  std::unique_ptr<Repo> m_repo;
  std::string m_prefix;  // the checked folder relative to the work tree ("" = all)
  std::string m_description;
  std::string m_commit;
  std::map<std::string, Entry, std::less<>> m_files;  // path → blob (files and links)
  std::map<std::string, std::vector<DirEntry>, std::less<>> m_dirs;  // dir → entries, sorted
  mutable std::mutex m_read;  // libgit2 object lookups are not shared across threads
};

}  // namespace archgate::core
