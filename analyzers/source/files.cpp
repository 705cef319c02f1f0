#include "analyzers/source/files.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "core/glob.hpp"
#include "core/parallel_tree.hpp"
#include "core/text.hpp"

namespace archgate::analyzers::source {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

GitIgnore::GitIgnore(std::string dir, std::string_view text) : m_dir(std::move(dir)) {
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    auto line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Trailing spaces are ignored unless escaped; leading ones are kept.
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') continue;
    Pattern p;
    if (line.front() == '!') {
      p.negate = true;
      line.remove_prefix(1);
    } else if (line.front() == '\\') {
      line.remove_prefix(1);  // \# and \! escape the first character
    }
    if (!line.empty() && line.back() == '/') {
      p.dir_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    p.anchored = line.find('/') != std::string_view::npos;
    if (line.front() == '/') line.remove_prefix(1);
    p.glob = std::string(line);
    auto special = [](std::string_view s) { return s.find_first_of("*?[{\\") != std::string_view::npos; };
    if (!special(p.glob)) {
      p.kind = Pattern::Kind::literal;
    } else if (!p.anchored && p.glob.size() > 1 && p.glob.front() == '*' && !special(std::string_view(p.glob).substr(1))) {
      p.kind = Pattern::Kind::suffix;  // *.log
    } else {
      // `packages/*/package-lock.json` can only match below packages/ and
      // only a name ending in package-lock.json: two string tests reject
      // almost every path of a tree before the glob is tried.
      static constexpr std::string_view k_wild = "*?[]{}\\";
      std::string_view g = p.glob;
      while (g.starts_with("./")) g.remove_prefix(2);
      p.lead = std::string(g.substr(0, g.find_first_of(k_wild)));
      auto last = g.find_last_of(k_wild);
      std::string_view tail = last == std::string_view::npos ? std::string_view() : g.substr(last + 1);
      if (auto slash = tail.rfind('/'); slash != std::string_view::npos) tail.remove_prefix(slash + 1);
      p.tail = std::string(tail);
    }
    m_patterns.push_back(std::move(p));
  }
}

std::optional<bool> GitIgnore::match(std::string_view path, bool is_dir) const {
  // `path` is relative to this .gitignore's directory. The last matching
  // pattern decides.
  std::optional<bool> result;
  auto base = base_name(path);
  for (const auto& p : m_patterns) {
    if (p.dir_only && !is_dir) continue;
    bool hit = false;
    if (p.kind == Pattern::Kind::literal) {
      hit = p.anchored ? path == p.glob : base == p.glob;
    } else if (p.kind == Pattern::Kind::suffix) {
      hit = ends_with(base, std::string_view(p.glob).substr(1));
    } else if (std::string_view subject = p.anchored ? path : base;
               (!p.lead.empty() && !subject.starts_with(p.lead) &&
                // `a/**` also matches `a` itself
                !(subject.size() + 1 == p.lead.size() && p.lead.back() == '/' && p.lead.starts_with(subject))) ||
               !subject.ends_with(p.tail)) {
      hit = false;
    } else if (p.anchored) {
      hit = core::glob_match(p.glob, path);
      if (!hit && p.glob.starts_with("**/")) hit = core::glob_match(std::string_view(p.glob).substr(3), path);
    } else {
      hit = core::glob_match(p.glob, base);
      // minimatch's `*` skips a leading dot; gitignore's does not.
      if (!hit && !base.empty() && base.front() == '.' && !p.glob.empty() && p.glob.front() == '*') {
        hit = core::glob_match(std::string_view(p.glob).substr(1), base.substr(1)) ||
              core::glob_match(std::string_view(p.glob).substr(1), base);
      }
    }
    if (hit) result = !p.negate;
  }
  return result;
}

bool is_build_dir(std::string_view name) {
  static constexpr std::string_view k_dirs[] = {
      "node_modules", ".git",     "dist",        "build",     "out",     "coverage",         ".next",
      ".nuxt",        ".output",  ".turbo",      ".cache",    ".vercel", ".svelte-kit",      ".yarn",
      ".pnpm-store",  "storybook-static", ".docusaurus", ".expo", ".angular", "bower_components", ".nx",
  };
  return std::find(std::begin(k_dirs), std::end(k_dirs), name) != std::end(k_dirs);
}

bool is_output_dir_name(std::string_view name) { return name == "dist" || name == "build" || name == "out"; }

std::string script_blocks(std::string_view text, Dialect& dialect) {
  std::string out(text.size(), ' ');
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') out[i] = '\n';
  }
  dialect = Dialect::js;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("<script", pos);
    if (open == std::string_view::npos) break;
    // The '>' that ends the opening tag, past quoted attribute values: Vue's
    // `<script setup lang="ts" generic="T extends Item<V>">` has one inside.
    auto tag_end = std::string_view::npos;
    char quote = 0;
    for (auto i = open + 7; i < text.size(); ++i) {
      char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        tag_end = i;
        break;
      }
    }
    if (tag_end == std::string_view::npos) break;
    auto tag = text.substr(open, tag_end - open);
    if (tag.find("lang=\"ts\"") != std::string_view::npos || tag.find("lang='ts'") != std::string_view::npos ||
        tag.find("lang=\"typescript\"") != std::string_view::npos) {
      dialect = Dialect::ts;
    } else if (tag.find("lang=\"tsx\"") != std::string_view::npos) {
      dialect = Dialect::tsx;
    }
    auto close = text.find("</script>", tag_end);
    if (close == std::string_view::npos) close = text.size();
    for (std::size_t i = tag_end + 1; i < close; ++i) out[i] = text[i];
    pos = close;
  }
  return out;
}

namespace {

// The .gitignore files in force in a directory: its own, then its parent's,
// up to the root (shared by the directories below, immutable once built).
struct IgnoreChain {
  GitIgnore ignore;
  std::shared_ptr<const IgnoreChain> parent;
};

// The deepest .gitignore with a matching pattern decides (git's order).
bool ignored(const IgnoreChain* chain, std::string_view path, bool is_dir) {
  for (const auto* c = chain; c != nullptr; c = c->parent.get()) {
    const auto& g = c->ignore;
    std::string_view rel = path;
    if (!g.dir().empty()) {
      if (!(rel.size() > g.dir().size() && rel.starts_with(g.dir()) && rel[g.dir().size()] == '/')) continue;
      rel.remove_prefix(g.dir().size() + 1);
    }
    if (auto m = g.match(rel, is_dir)) return *m;
  }
  return false;
}

}  // namespace

const GitIgnore* IgnoreProbe::in_dir(const std::string& dir) {
  auto it = m_cache.find(dir);
  if (it == m_cache.end()) {
    std::optional<GitIgnore> g;
    if (auto text = m_snapshot.read(dir.empty() ? std::string(".gitignore") : dir + "/.gitignore")) g.emplace(dir, *text);
    it = m_cache.emplace(dir, std::move(g)).first;
  }
  return it->second ? &*it->second : nullptr;
}

bool IgnoreProbe::ignored(std::string_view path) {
  // Each prefix of the path, shortest first: an ignored folder hides
  // everything below it (git cannot re-include inside it).
  for (std::size_t end = path.find('/'); ; end = path.find('/', end + 1)) {
    auto prefix = path.substr(0, end);
    bool last = end == std::string_view::npos;
    for (bool is_dir : {true, false}) {
      if (!is_dir && !last) continue;  // a folder on the way is a folder
      // The deepest .gitignore above the prefix with a matching pattern decides.
      std::optional<bool> verdict;
      for (auto slash = prefix.rfind('/'); !verdict; slash = slash == 0 ? std::string_view::npos : prefix.rfind('/', slash - 1)) {
        std::string dir(slash == std::string_view::npos ? std::string_view() : prefix.substr(0, slash));
        if (const auto* g = in_dir(dir)) {
          verdict = g->match(dir.empty() ? prefix : prefix.substr(dir.size() + 1), is_dir);
        }
        if (slash == std::string_view::npos) break;
      }
      if (verdict.value_or(false)) return true;
    }
    if (last) return false;
  }
}

SourceListing list_source_files(const core::Snapshot& snapshot, const core::Project& project) {
  // Workspace directories, longest first, for ownership.
  std::vector<std::string> workspaces;
  if (project.root) workspaces.emplace_back("");
  for (const auto& m : project.workspaces) workspaces.push_back(m.dir);
  std::sort(workspaces.begin(), workspaces.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  // The workspace that owns the files of directory `dir`.
  auto owner = [&](std::string_view dir) -> std::string {
    for (const auto& w : workspaces) {
      if (w.empty() || dir == w || (dir.size() > w.size() && dir.starts_with(w) && dir[w.size()] == '/')) return w;
    }
    return {};
  };

  // Folders are listed on a few threads (core/parallel_tree.hpp); each
  // thread keeps its own results, merged and sorted below, so the listing
  // does not depend on which thread saw what.
  struct Dir {
    std::string path;
    std::shared_ptr<const IgnoreChain> ignores;
  };
  std::size_t threads = core::tree_threads();
  std::vector<SourceListing> parts(threads);
  auto list_one = [&](std::size_t worker, const Dir& d, std::vector<Dir>& subdirs) {
    SourceListing& out = parts[worker];
    auto entries = snapshot.list(d.path);
    std::shared_ptr<const IgnoreChain> chain = d.ignores;
    for (const auto& e : entries) {
      if (e.kind == core::EntryKind::file && e.name == ".gitignore") {
        auto text = snapshot.read(core::join_path(d.path, e.name));
        if (text) chain = std::make_shared<const IgnoreChain>(IgnoreChain{GitIgnore(d.path, *text), chain});
      }
    }
    if (!d.path.empty()) out.all_dirs.insert(d.path);
    std::string workspace;
    bool owner_known = false;
    const bool package_root = std::any_of(entries.begin(), entries.end(), [](const core::DirEntry& e) {
      return e.kind != core::EntryKind::directory && e.name == "package.json";
    });
    for (const auto& e : entries) {
      if (e.kind == core::EntryKind::link) continue;  // never followed: no loops
      std::string path = core::join_path(d.path, e.name);
      if (e.kind == core::EntryKind::directory) {
        if ((is_build_dir(e.name) && (package_root || !is_output_dir_name(e.name))) ||
            ignored(chain.get(), path, true)) {
          continue;
        }
        subdirs.push_back(Dir{std::move(path), chain});
        continue;
      }
      if (ignored(chain.get(), path, false)) continue;
      bool embedded = ends_with(e.name, ".vue") || ends_with(e.name, ".svelte");
      auto dialect = dialect_for(e.name);
      if (dialect || embedded) {
        if (!owner_known) {
          workspace = owner(d.path);
          owner_known = true;
        }
        // Declaration files carry types only; they are listed for resolution.
        SourceFile f;
        f.path = path;
        f.workspace = workspace;
        f.dialect = dialect.value_or(Dialect::js);
        f.embedded = embedded;
        out.files.push_back(std::move(f));
      }
      out.all_files.insert(std::move(path));
    }
  };
  core::visit_tree(std::vector<Dir>{Dir{"", nullptr}}, threads, list_one);
  SourceListing listing = std::move(parts[0]);
  for (std::size_t t = 1; t < threads; ++t) {
    auto& p = parts[t];
    listing.files.insert(listing.files.end(), std::make_move_iterator(p.files.begin()),
                         std::make_move_iterator(p.files.end()));
    listing.all_files.merge(p.all_files);
    listing.all_dirs.merge(p.all_dirs);
  }
  std::sort(listing.files.begin(), listing.files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  return listing;
}

}  // namespace archgate::analyzers::source
