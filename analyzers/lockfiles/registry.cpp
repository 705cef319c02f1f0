// The explicit list of lockfile readers. Add a line here when you add one.
#include <memory>
#include <vector>

#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/manifest/package_json.hpp"
#include "core/snapshot.hpp"
#include "analyzers/lockfiles/readers.hpp"

namespace archgate::analyzers {

const std::vector<std::unique_ptr<LockfileReader>>& lockfile_readers() {
  static const auto readers = [] {
    std::vector<std::unique_ptr<LockfileReader>> v;
    v.push_back(make_npm_lock_reader());
    v.push_back(make_bun_lock_reader());
    v.push_back(make_pnpm_lock_reader());
    v.push_back(make_yarn_classic_reader());
    v.push_back(make_yarn_berry_reader());
    // READERS: add new readers above this line.
    return v;
  }();
  return readers;
}

const LockfileReader* find_reader(std::string_view file_name, std::string_view content) {
  for (const auto& r : lockfile_readers()) {
    if (r->matches(file_name) && r->accepts(content)) {
      return r.get();
    }
  }
  return nullptr;
}

std::string linked_dir_version(const core::Snapshot* snapshot, std::string_view dir) {
  if (snapshot == nullptr) {
    return {};
  }
  auto file = core::join_path(dir, "package.json");
  if (!snapshot->is_file(file)) {
    return {};
  }
  auto text = snapshot->read(file);
  if (!text) {
    return {};
  }
  auto parsed = parse_package_json(file, *text);
  return parsed ? parsed->version : std::string();
}

bool is_lockfile_name(std::string_view file_name) {
  for (const auto& r : lockfile_readers()) {
    if (r->matches(file_name)) {
      return true;
    }
  }
  return false;
}

}  // namespace archgate::analyzers
