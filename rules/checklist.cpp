// The architecture checklist: one verdict per item, from the findings the
// rules produced and the source facts (calls, imports, decorators). What
// counts for each framework and library is data (data/checklist-detectors.json).
// Items without a detector yet are "not checked", never passed.
#include "rules/checklist.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>

#include "core/glob.hpp"
#include "core/embedded.hpp"
#include "core/module_graph.hpp"
#include "core/pm_command.hpp"
#include "core/text.hpp"
#include "rules/source_paths.hpp"

namespace archgate::rules {

namespace {

using core::ChecklistEvidence;
using core::ChecklistItem;
using core::Verdict;
using analyzers::CiCommand;
using analyzers::DockerfileFacts;

struct Detectors {
  nlohmann::json j;
  Detectors() {
    auto text = core::embedded_file("checklist-detectors.json");
    j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) j = nlohmann::json::object();
  }
  [[nodiscard]] std::set<std::string> set(std::string_view section, std::string_view key) const {
    std::set<std::string> out;
    auto s = j.find(std::string(section));
    if (s == j.end()) return out;
    auto k = s->find(std::string(key));
    if (k == s->end() || !k->is_array()) return out;
    for (const auto& v : *k) {
      if (v.is_string()) out.insert(v.get<std::string>());
    }
    return out;
  }
  // An object of strings (name -> label).
  [[nodiscard]] std::map<std::string, std::string> map(std::string_view section, std::string_view key) const {
    std::map<std::string, std::string> out;
    auto s = j.find(std::string(section));
    if (s == j.end()) return out;
    auto k = s->find(std::string(key));
    if (k == s->end() || !k->is_object()) return out;
    for (const auto& [name, label] : k->items()) {
      if (label.is_string()) out.emplace(name, label.get<std::string>());
    }
    return out;
  }
};

const Detectors& detectors() {
  static const Detectors d;
  return d;
}

std::string_view last_segment(std::string_view callee) {
  auto dot = callee.rfind('.');
  return dot == std::string_view::npos ? callee : callee.substr(dot + 1);
}

// A callee matches an entry: entries with a dot match the whole path's end
// ("process.on"), others the last segment ("listen").
bool callee_matches(std::string_view callee, const std::set<std::string>& entries) {
  for (const auto& e : entries) {
    // "new Worker" matches `new Worker(...)` and `new bullmq.Worker(...)` only.
    if (e.starts_with("new ") && callee.starts_with("new ") &&
        (callee == e || last_segment(callee.substr(4)) == std::string_view(e).substr(4))) {
      return true;
    }
  }
  if (callee.starts_with("new ")) callee.remove_prefix(4);
  for (const auto& e : entries) {
    if (e.starts_with("new ")) continue;
    if (e.find('.') != std::string::npos) {
      if (callee == e || (callee.size() > e.size() && callee.ends_with(e) && callee[callee.size() - e.size() - 1] == '.'))
        return true;
    } else if (last_segment(callee) == e) {
      return true;
    }
  }
  return false;
}

// An application (private, or with a start script) rather than a published
// library. A root package that does not describe a published surface
// (exports, types) is the project itself, even with npm init's "main".
bool is_application(const core::Manifest& m, bool root) {
  return m.is_private || m.scripts.count("start") > 0 || (root && m.exports_json.empty() && m.types.empty());
}

struct SourceView {
  const analyzers::source::SourceFacts* src = nullptr;
  std::vector<bool> production;                     // per file
  std::vector<bool> library;                        // per file: non-test code of a published package
  std::map<std::string, std::vector<std::uint32_t>> importers;  // package -> production files importing it

  // Production code of applications: not tests or tooling, and in a package
  // that is an application (private, or with a start script) rather than a
  // published library — a library's code is judged by the apps that use it.
  SourceView(const analyzers::source::SourceFacts& s, const core::Project& project) : src(&s) {
    auto is_app = [&](const std::string& dir) {
      const core::Manifest* m = project.manifest_at(dir);
      return !m || is_application(*m, dir.empty());
    };
    std::map<std::string, bool> app;
    production.resize(s.graph.files.size());
    library.resize(s.graph.files.size());
    for (std::size_t i = 0; i < s.graph.files.size(); ++i) {
      const auto& f = s.graph.files[i];
      auto [it, fresh] = app.emplace(f.workspace, false);
      if (fresh) it->second = is_app(f.workspace);
      production[i] = it->second && !dev_only_path(f.path);
      library[i] = !it->second && !dev_only_path(f.path);
    }
    for (const auto& e : s.graph.edges) {
      if (e.kind == core::ModuleEdgeKind::type || !production[e.from]) continue;
      if (e.resolved == core::Resolved::package || e.resolved == core::Resolved::builtin) {
        std::string name = e.to;
        if (name.starts_with("node:")) name = name.substr(5);
        auto& v = importers[name];
        if (v.empty() || v.back() != e.from) v.push_back(e.from);
      }
    }
  }

  [[nodiscard]] const std::string& path(std::uint32_t f) const { return src->graph.files[f].path; }

  // Does production file `f` import `package`?
  [[nodiscard]] bool imports_in(const std::string& package, std::uint32_t f) const {
    auto it = importers.find(package);
    return it != importers.end() && std::find(it->second.begin(), it->second.end(), f) != it->second.end();
  }

  // First production file importing any of `packages`, with the package.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint32_t>> imports_of(const std::set<std::string>& packages) const {
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (const auto& p : packages) {
      if (auto it = importers.find(p); it != importers.end()) out.emplace_back(p, it->second.front());
    }
    return out;
  }

  template <class F>
  void each_call(F&& f) const {
    for (std::uint32_t i = 0; i < src->scans.size(); ++i) {
      if (!production[i]) continue;
      for (const auto& c : src->scans[i].calls) f(i, c);
    }
  }
  template <class F>
  void each_library_call(F&& f) const {
    for (std::uint32_t i = 0; i < src->scans.size(); ++i) {
      if (!library[i]) continue;
      for (const auto& c : src->scans[i].calls) f(i, c);
    }
  }
  template <class F>
  void each_decorator(F&& f) const {
    for (std::uint32_t i = 0; i < src->scans.size(); ++i) {
      if (!production[i]) continue;
      for (const auto& d : src->scans[i].decorators) f(i, d);
    }
  }
};

ChecklistEvidence at(const SourceView& v, std::uint32_t file, const analyzers::source::Pos& pos, std::string note) {
  return ChecklistEvidence{v.path(file), pos.line, pos.column, std::move(note)};
}

std::string lower_copy(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

// The receiver of `x.get('/path')` names an HTTP client (axios, restApi,
// this.httpClient), not a router: its calls fetch, they do not serve.
bool http_client_receiver(std::string_view callee) {
  auto dot = callee.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string r = lower_copy(std::string(last_segment(callee.substr(0, dot))));
  static const std::set<std::string, std::less<>> k_clients = {"axios", "http", "https", "request", "superagent",
                                                               "got", "ky", "fetch", "$http", "ofetch", "$fetch"};
  return k_clients.count(r) > 0 || r.ends_with("api") || r.ends_with("client");
}

// A file of a platform-run function folder: supabase/functions/,
// netlify/edge-functions/, an `edge-functions` or `functions` folder.
bool edge_function(std::string_view path) {
  for (std::string_view seg : {"functions/", "edge-functions/"}) {
    auto at = path.find(seg);
    while (at != std::string_view::npos) {
      if (at == 0 || path[at - 1] == '/') return true;
      at = path.find(seg, at + 1);
    }
  }
  return false;
}

// A Dockerfile for tests or development: under a dev-only path, or one the
// runtime analysis calls a development environment by place or name.
bool dev_dockerfile(std::string_view path) {
  return dev_only_path(path) || core::runtime::dev_environment_file(path);
}

// Whether a call with a path could register a route: a router's verb takes
// a handler after the path (`app.get('/health', h)`), and `route('/x')`
// opens a chain (`router.route('/x').get(h)`). `restApi.get('/status')` or
// `this.api.post('/x', body)` fetch.
bool registers_route(const analyzers::source::CallFact& c) {
  if (c.callee.find('.') == std::string::npos || http_client_receiver(c.callee)) return false;
  return c.args.size() >= 2 || last_segment(c.callee) == "route" || !c.keys.empty();
}

// A route registered through a helper that takes the router, the method
// and the path (NodeBB: `setupApiRoute(router, 'get', '/api/v3/ping', …)`):
// the method and the path, or nothing.
std::optional<std::pair<std::string, std::string>> helper_route(const analyzers::source::CallFact& c,
                                                               const std::set<std::string>& methods,
                                                               const std::set<std::string>& receivers) {
  if (c.args.size() < 3 || (c.literal_mask & 6u) != 6u || !c.args[2].starts_with("/") || c.args[1] == "route" ||
      !methods.count(c.args[1]) || c.callee.starts_with("new ")) {
    return std::nullopt;
  }
  for (const auto& [index, name] : c.idents) {
    if (index != 0 || name.ends_with(")")) continue;
    auto receiver = lower_copy(std::string(last_segment(name)));
    for (const auto& r : receivers) {
      if (receiver.find(r) != std::string::npos) return std::pair{c.args[1], c.args[2]};
    }
  }
  return std::nullopt;
}

std::string loc(const ChecklistEvidence& e) {
  if (e.file.empty()) return {};
  return e.line > 0 ? e.file + ":" + std::to_string(e.line) : e.file;
}

// Reorders `v` stably by key(f) in 0..k-1, ascending, reading each key once
// (a comparison sort of 50,000 findings read each one log n times, scattered).
template <class Key>
void stable_by_key(std::vector<const core::Finding*>& v, std::size_t k, const Key& key) {
  std::vector<std::uint8_t> keys(v.size());
  std::vector<std::size_t> starts(k + 1, 0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    keys[i] = static_cast<std::uint8_t>(key(v[i]));
    ++starts[keys[i] + 1];
  }
  for (std::size_t b = 1; b <= k; ++b) starts[b] += starts[b - 1];
  std::vector<const core::Finding*> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[starts[keys[i]]++] = v[i];
  v = std::move(out);
}

// Severity, most severe first, as a key for stable_by_key.
std::size_t severity_rank(const core::Finding* f) {
  return f->severity == core::Severity::error ? 0 : f->severity == core::Severity::warning ? 1 : 2;
}

struct Builder {
  const analyzers::Facts& facts;
  core::AuditResult& result;

  // The findings of each rule, in report order, with their severities: the
  // items ask a dozen questions of the findings, and a large check has
  // 50,000 of them (one pass over all of them per question was 4 ms).
  struct Entry {
    const core::Finding* finding;
    core::Severity severity;
  };
  std::vector<std::pair<std::string_view, std::vector<Entry>>> by_rule{};
  bool indexed = false;

  void index() {
    if (indexed) return;
    indexed = true;
    std::vector<Entry>* list = nullptr;
    std::string_view last;
    for (const auto& f : result.findings) {
      const std::string_view rule = f.rule.view();
      if (list == nullptr || rule != last) {
        last = rule;
        auto it = std::find_if(by_rule.begin(), by_rule.end(), [&](const auto& r) { return r.first == rule; });
        list = &(it != by_rule.end() ? it->second : by_rule.emplace_back(rule, std::vector<Entry>{}).second);
      }
      list->push_back({&f, f.severity});
    }
  }

  // The findings of a rule (or of rules under a "family/" prefix) at or
  // above `min`, in report order.
  [[nodiscard]] std::vector<const core::Finding*> findings(std::string_view prefix,
                                                           core::Severity min = core::Severity::warning) {
    index();
    std::vector<const core::Finding*> out;
    bool several = false;
    for (const auto& [rule, list] : by_rule) {
      if (!(prefix.ends_with('/') ? rule.starts_with(prefix) : rule == prefix)) continue;
      const auto mid = out.size();
      for (const auto& e : list) {
        if (e.severity >= min) out.push_back(e.finding);
      }
      // (Positions in result.findings: address order is report order.)
      if (several) std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(mid), out.end());
      several = true;
    }
    return out;
  }

  // Why the rules an item reads cannot tell: every one off, or not checked.
  [[nodiscard]] std::string unavailable(std::initializer_list<std::string_view> ids) const {
    bool any_ran = false;
    std::string why;
    for (const auto& o : result.rules) {
      bool wanted = false;
      for (auto id : ids) wanted |= id.ends_with('/') ? std::string_view(o.info.id).starts_with(id) : o.info.id == id;
      if (!wanted) continue;
      if (o.status == core::RuleStatus::clean || o.status == core::RuleStatus::findings) any_ran = true;
      else if (why.empty()) why = o.reason.empty() ? std::string(core::to_string(o.status)) : o.reason;
    }
    return any_ran ? std::string() : (why.empty() ? "its rules did not run" : why);
  }

  static void add_findings(ChecklistItem& item, const std::vector<const core::Finding*>& fs, std::size_t evidence = 3) {
    for (const auto* f : fs) {
      item.findings.push_back(f->fingerprint);
      if (item.evidence.size() < evidence) {
        item.evidence.push_back({f->location.file.str(), f->location.line, f->location.column, f->message});
      }
    }
  }

  ChecklistItem runtime_pins() {
    ChecklistItem it;
    if (auto why = unavailable({"runtime/"}); !why.empty()) {
      it.reason = "runtime rules did not run: " + why;
      return it;
    }
    auto all = findings("runtime/");
    std::vector<const core::Finding*> hard;
    for (const auto* f : all) {
      // An end-of-life line counts when production runs it (an error); in
      // CI, a build or a development image it is a warning and the item
      // partial (seen: a publish job on an old line failing the item while
      // production ran a supported one).
      if (f->severity == core::Severity::error || f->rule == "runtime/pin-mismatch" || f->rule == "runtime/unpinned")
        hard.push_back(f);
    }
    it.remediation = "Move every pin to one supported LTS line together; `archgate runtime` prints the plan.";
    // Production pins before CI pins: what runs in production leads.
    auto ci_last = [](const core::Finding* a, const core::Finding* b) {
      auto ci = [](const core::Finding* f) {
        const auto& p = f->location.file;
        return p.starts_with(".github/") || p.starts_with(".gitlab") || p.starts_with(".circleci/") ||
               p == ".travis.yml" || p == "Jenkinsfile";
      };
      return ci(a) < ci(b);
    };
    // An end-of-life production line says the most, then disagreeing pins.
    auto rank = [](const core::Finding* f) {
      return f->rule == "runtime/eol" ? 0 : f->rule == "runtime/pin-mismatch" ? 1 : f->rule == "runtime/unpinned" ? 2 : 3;
    };
    std::stable_sort(hard.begin(), hard.end(), [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    std::stable_sort(hard.begin(), hard.end(), ci_last);
    std::stable_sort(all.begin(), all.end(), ci_last);
    if (!hard.empty()) {
      it.verdict = Verdict::fail;
      it.reason = hard.front()->message;
      add_findings(it, hard);
    } else if (!all.empty()) {
      it.verdict = Verdict::partial;
      it.reason = all.front()->message;
      add_findings(it, all);
    } else {
      it.verdict = Verdict::pass;
      it.reason = "every Node.js pin names the same supported LTS line";
    }
    return it;
  }

  ChecklistItem native_platform() {
    ChecklistItem it;
    if (auto why = unavailable({"deps/native-replacement"}); !why.empty()) {
      it.reason = "deps/native-replacement did not run: " + why;
      return it;
    }
    auto fs = findings("deps/native-replacement");
    it.remediation = "Use the Node.js API the finding names, then remove the dependency.";
    if (fs.empty()) {
      it.verdict = Verdict::pass;
      it.reason = "no production dependency that Node.js replaces at the pinned runtime";
      // Notes are replacements that are not drop-in (bcrypt → node:crypto's
      // scrypt): the pass stands, and the reason says they exist (seen on
      // notiz-dev/nestjs-prisma-starter, where the pass read as if nothing
      // had been suggested).
      auto notes = findings("deps/native-replacement", core::Severity::note);
      if (!notes.empty()) {
        it.reason = "no production dependency that Node.js replaces outright; " + std::to_string(notes.size()) +
                    " note" + (notes.size() == 1 ? "" : "s") + " suggest" + (notes.size() == 1 ? "s" : "") +
                    " a native alternative (e.g. " +
                    (notes.front()->package.empty() ? notes.front()->subject : notes.front()->package) + ")";
      }
    } else {
      it.verdict = Verdict::partial;
      it.reason = std::to_string(fs.size()) + " dependenc" + (fs.size() == 1 ? "y" : "ies") +
                  " Node.js replaces, e.g. " + (fs.front()->package.empty() ? fs.front()->message : fs.front()->package);
      add_findings(it, fs);
    }
    return it;
  }

  ChecklistItem dependency_hygiene() {
    ChecklistItem it;
    if (auto why = unavailable({"deps/", "lockfile/"}); !why.empty()) {
      it.reason = "dependency and lockfile rules did not run: " + why;
      return it;
    }
    std::vector<const core::Finding*> fs;
    for (const auto* f : findings("deps/")) {
      if (f->rule != "deps/native-replacement") fs.push_back(f);
    }
    for (const auto* f : findings("lockfile/")) fs.push_back(f);
    // Hygiene from the source: warnings count (notes are dev-only or advice).
    static constexpr std::string_view k_hygiene[] = {"source/unused-dependency", "source/undeclared-dependency",
                                                     "source/dev-dependency-in-production",
                                                     "source/types-without-package", "source/misplaced-dependency"};
    std::vector<const core::Finding*> hyg;
    bool undeclared_in_production = false;
    for (const auto* f : findings("source/")) {
      if (std::find(std::begin(k_hygiene), std::end(k_hygiene), f->rule) == std::end(k_hygiene)) continue;
      if (f->severity == core::Severity::note) continue;
      hyg.push_back(f);
      undeclared_in_production = undeclared_in_production || f->rule == "source/undeclared-dependency";
    }
    bool hygiene_checked = !facts.usage ? false : unavailable({"source/unused-dependency"}).empty();
    bool error = std::any_of(fs.begin(), fs.end(), [](const auto* f) { return f->severity == core::Severity::error; });
    it.remediation = "Work through the deps/* and lockfile/* findings (`archgate deps` explains each package), "
                     "then declare what the code imports and remove what nothing uses (source/* hygiene findings).";
    stable_by_key(fs, 3, severity_rank);
    std::vector<const core::Finding*> all = hyg;
    all.insert(all.end(), fs.begin(), fs.end());
    // Most severe first; within a severity, undeclared imports first.
    stable_by_key(all, 6, [](const core::Finding* f) {
      return 2 * severity_rank(f) + (f->rule == "source/undeclared-dependency" ? 0 : 1);
    });
    auto first = all.empty() ? std::string() : ", e.g. " + all.front()->rule + " " +
                                                    (all.front()->package.empty() ? all.front()->location.file
                                                                                  : all.front()->package);
    // Hygiene notes (dev-only paths, advice) do not count, but are said, so
    // "0 hygiene warnings" does not read as "none" beside listed notes (seen
    // on notiz-dev/nestjs-prisma-starter).
    std::size_t hyg_notes = 0;
    for (const auto* f : findings("source/", core::Severity::note)) {
      if (f->severity == core::Severity::note &&
          std::find(std::begin(k_hygiene), std::end(k_hygiene), f->rule) != std::end(k_hygiene)) {
        ++hyg_notes;
      }
    }
    auto counts = std::to_string(fs.size()) + " dependency and lockfile finding" + (fs.size() == 1 ? "" : "s") +
                  (hygiene_checked ? " and " + std::to_string(hyg.size()) + " hygiene warning" +
                                         (hyg.size() == 1 ? "" : "s") +
                                         (hyg_notes ? " (" + std::to_string(hyg_notes) + " note" +
                                                          (hyg_notes == 1 ? "" : "s") + " besides)"
                                                    : std::string())
                                   : std::string());
    if (error || fs.size() >= 5 || hyg.size() >= 5 || undeclared_in_production) {
      it.verdict = Verdict::fail;
      it.reason = counts + (undeclared_in_production ? " (production code imports an undeclared package)" : "") + first;
    } else if (!all.empty()) {
      it.verdict = Verdict::partial;
      it.reason = counts + first;
    } else if (const auto* v = result.rule("deps/vulnerable"); v && v->status == core::RuleStatus::not_checked) {
      it.reason = "no findings, but advisories were not checked: " + v->reason;
      return it;
    } else {
      it.verdict = Verdict::pass;
      it.reason = "no dependency, lockfile or hygiene findings";
    }
    if (!hygiene_checked) it.reason += " (unused and undeclared dependencies were not judged: the source was not scanned)";
    add_findings(it, all);
    return it;
  }

  ChecklistItem cycles() {
    ChecklistItem it;
    if (auto why = unavailable({"source/cycle"}); !why.empty() || !facts.source) {
      it.reason = "source/cycle did not run" + (why.empty() ? std::string() : ": " + why);
      return it;
    }
    auto fs = findings("source/cycle");
    auto notes = findings("source/cycle", core::Severity::note);
    std::size_t type_only = core::find_cycles(facts.source->graph, true).size();
    std::size_t runtime = core::find_cycles(facts.source->graph, false).size();
    std::string apart;
    if (type_only > runtime) apart = std::to_string(type_only - runtime) + " only through type imports, not counted";
    if (notes.size() > fs.size()) {
      if (!apart.empty()) apart += "; ";
      apart += std::to_string(notes.size() - fs.size()) + " among ORM models or tests";
    }
    it.remediation = "Move what both sides need into a third module, or invert the dependency.";
    if (!fs.empty()) {
      it.verdict = Verdict::fail;
      // "import cycle: a → b → a" or "import cycle among 5 files, e.g. a → b → a"
      const auto& m = fs.front()->message;
      auto eg = m.find(", e.g. ");
      auto colon = m.find(": ");
      std::string chain = eg != std::string::npos ? m.substr(eg + 7) : colon != std::string::npos ? m.substr(colon + 2) : m;
      it.reason = std::to_string(fs.size()) + " runtime import cycle" + (fs.size() == 1 ? "" : "s") + ", e.g. " + chain;
      add_findings(it, fs);
    } else {
      it.verdict = Verdict::pass;
      it.reason = "no runtime import cycle";
    }
    if (!apart.empty()) it.reason += " (" + apart + ")";
    return it;
  }

  // ------------------------------------------------------- source detectors
  // The project's applications (is_application, not examples or tests), the
  // root first, each with whether it is the root.
  [[nodiscard]] std::vector<std::pair<const core::Manifest*, bool>> applications() const {
    std::vector<std::pair<const core::Manifest*, bool>> out;
    if (!facts.project) return out;
    if (facts.project->root && is_application(*facts.project->root, true)) out.emplace_back(&*facts.project->root, true);
    for (const auto& m : facts.project->workspaces) {
      // An example or test app (examples/with-nextjs) is not the project's
      // (seen on excalidraw: its Next.js example made the SPA's service
      // items "not checked").
      if (is_application(m, false) && !dev_only_path(m.path)) out.emplace_back(&m, false);
    }
    return out;
  }

  struct Servers {
    std::vector<ChecklistEvidence> at;  // listen calls / server imports (the first five)
    // When application code starts none: a published package that listens
    // (a framework's own start command), to say why the items do not apply.
    std::optional<ChecklistEvidence> in_library;
    std::size_t library_packages = 0;  // published packages that listen
    std::set<std::string> workspaces;  // the packages whose files start a server
    std::vector<std::uint32_t> file_ids;  // the files that start one: how many servers
    // When application code starts none: applications that depend on a
    // file-routed framework (Next.js, Remix, SvelteKit...), whose server and
    // routes archgate does not read. Their service items are not checked.
    std::vector<ChecklistEvidence> framework;
    std::set<std::string> framework_names;

    // Whether file `f` is in a package that serves (every file when no
    // package does): a frontend's calls in the same repository are not the
    // service's.
    [[nodiscard]] bool serves(const SourceView& v, std::uint32_t f) const {
      return workspaces.empty() || workspaces.count(v.src->graph.files[f].workspace) > 0;
    }
  };

  // The files reachable from `roots` through the module graph's edges that
  // `follow(edge, target)` accepts, each with the file it was first reached
  // from: -2 unreached, -1 a root.
  template <class Roots, class Follow>
  static std::vector<std::int32_t> reach_from(const SourceView& v, const Roots& roots, Follow follow) {
    const auto& g = v.src->graph;
    const auto first = core::edge_starts(g);
    std::vector<std::int32_t> via(g.files.size(), -2);
    std::vector<std::uint32_t> stack;
    for (auto f : roots) {
      via[f] = -1;
      stack.push_back(f);
    }
    while (!stack.empty()) {
      auto u = stack.back();
      stack.pop_back();
      for (std::size_t k = first[u]; k < g.edges.size() && g.edges[k].from == u; ++k) {
        const auto& e = g.edges[k];
        if (e.to_file < 0 || !core::ModuleGraph::runtime(e)) continue;
        auto t = static_cast<std::size_t>(e.to_file);
        if (via[t] != -2 || !follow(e, t)) continue;
        via[t] = static_cast<std::int32_t>(u);
        stack.push_back(static_cast<std::uint32_t>(t));
      }
    }
    return via;
  }

  Servers servers(const SourceView& v) {
    const auto& d = detectors();
    Servers s;
    auto calls = d.set("servers", "calls");
    // Files that listen (listen(), serve()) are the servers; a file that
    // only creates an app (NestFactory.create() in a schema script,
    // createServer() passed on) counts when nothing listens.
    std::vector<ChecklistEvidence> listens, creates;
    std::set<std::uint32_t> listen_files, create_files;
    auto record = [&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (!callee_matches(c.callee, calls) || c.callee.starts_with("process.")) return;
      // Deno.serve() in an edge function (supabase/functions/x/index.ts,
      // netlify/edge-functions/): the platform runs it, not a process this
      // checklist is about. Elsewhere it is a Deno server (`deno run
      // src/serve.ts`), with its own shutdown, errors and health.
      if (c.callee.starts_with("Deno.") && (c.callee != "Deno.serve" || edge_function(v.path(f)))) return;
      auto verb = last_segment(c.callee);
      bool listening = verb == "listen" || verb == "serve" || verb == "startStandaloneServer";
      if (verb == "listen") {
        // listen('event', cb) and module().listen(event, handler) subscribe
        // to events (Tauri, Electron helpers): a bare call, a name for its
        // first argument, an identifier called event.
        bool literal_name = !c.args.empty() && (c.literal_mask & 1u) && !c.args[0].empty() &&
                            !(c.args[0][0] >= '0' && c.args[0][0] <= '9') && c.args[0][0] != '/';
        bool event_ident = !c.idents.empty() && c.idents.front().first == 0 &&
                           lower_copy(c.idents.front().second).find("event") != std::string::npos;
        if (c.callee == "listen" || literal_name || event_ident) return;
      }
      (listening ? listens : creates).push_back(at(v, f, c.pos, c.callee + "()"));
      (listening ? listen_files : create_files).insert(f);  // createServer() and its listen() are one server
    };
    v.each_call(record);
    s.at = listens;
    s.at.insert(s.at.end(), creates.begin(), creates.end());
    if (s.at.size() > 5) s.at.resize(5);
    std::set<std::uint32_t> files = listen_files.empty() ? create_files : listen_files;
    if (s.at.empty()) {
      for (const auto& [pkg, file] : v.imports_of(d.set("servers", "packages"))) {
        if (pkg == "http" || pkg == "https") continue;  // a client as often as a server
        s.at.push_back({v.path(file), 0, 0, "imports " + pkg});
        files.insert(file);
      }
    }
    s.file_ids.assign(files.begin(), files.end());
    for (auto f : files) s.workspaces.insert(v.src->graph.files[f].workspace);
    if (s.at.empty()) {
      v.each_library_call(record);
      if (!listens.empty()) s.in_library = listens.front();
      std::set<std::string> packages;
      for (auto f : listen_files) packages.insert(v.src->graph.files[f].workspace);
      s.library_packages = packages.size();
    }
    if (s.at.empty() && facts.project) {
      auto routed = d.map("servers", "file_routed");
      for (auto [m, root] : applications()) {
        for (const auto& dep : m->dependencies) {
          auto it = routed.find(dep.name);
          if (dep.kind != core::EdgeKind::prod || it == routed.end()) continue;
          s.framework_names.insert(it->second);
          if (s.framework.size() < 5) {
            s.framework.push_back({m->path, dep.pos.line, dep.pos.column, "depends on " + dep.name + " (" + it->second + ")"});
          }
        }
      }
    }
    return s;
  }

  // The service items do not apply without an HTTP server.
  static bool no_server(ChecklistItem& it, const Servers& srv) {
    if (!srv.at.empty()) return false;
    if (!srv.framework.empty()) {
      // Seen on file-routed apps (Remix, Next.js): "no server" read as if
      // the service items did not apply, where the server is the framework's.
      std::string names;
      for (const auto& n : srv.framework_names) names += (names.empty() ? "" : ", ") + n;
      it.verdict = Verdict::not_checked;
      it.reason = "the HTTP server is the framework's (" + names +
                  "), whose routes are files: archgate does not read file-based routes yet";
      it.evidence = srv.framework;
      return true;
    }
    it.verdict = Verdict::not_applicable;
    it.reason = "no HTTP server found in application code";
    if (srv.in_library) {
      // Seen on medusajs/medusa: the framework's own server lives in
      // published packages, which the apps that use them answer for.
      it.reason += "; " +
                   (srv.library_packages == 1 ? std::string("a published package starts one")
                                              : std::to_string(srv.library_packages) + " published packages start one") +
                   " (e.g. " + loc(*srv.in_library) + "), judged by the apps that use " +
                   (srv.library_packages == 1 ? "it" : "them");
      it.evidence = {*srv.in_library};
    }
    return true;
  }

  // ---------------------------------------------------------------- routes
  struct Route {
    std::uint32_t file = 0;
    analyzers::source::Pos pos;
    std::string what;  // "app.post('/orders')", "@Post()"
    std::string path;
  };
  struct Routes {
    std::vector<Route> all;
    std::set<std::uint32_t> files;  // files that register routes or are controllers
    // A handler module a route file passes by name → that route file (its
    // middleware, e.g. validation, runs before the handler).
    std::map<std::uint32_t, std::uint32_t> referenced_by;
  };

  Routes routes(const SourceView& v) {
    const auto& d = detectors();
    Routes r;
    // Handlers passed by name (`router.get('/users', users.list)`): the
    // modules the route file imports under that name are handler files too.
    std::map<std::uint32_t, std::set<std::string>> by_reference;
    auto calls = d.set("routes", "calls");
    auto decos = d.set("routes", "decorators");
    auto controllers = d.set("routes", "controller_decorators");
    auto receivers = d.set("routes", "helper_receivers");
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      const int handler_arg = static_cast<int>(c.args.size()) - 1;
      auto by_reference_handler = [&] {
        for (const auto& [index, name] : c.idents) {
          if (index > 0 && index == handler_arg && !name.ends_with(")")) by_reference[f].insert(name.substr(0, name.find('.')));
        }
      };
      if (auto helper = helper_route(c, calls, receivers)) {
        r.all.push_back({f, c.pos, c.callee + "(…, '" + helper->first + "', '" + helper->second + "')", helper->second});
        r.files.insert(f);
        by_reference_handler();
        return;
      }
      if (c.callee.starts_with("new ") || !callee_matches(c.callee, calls)) return;
      // router.route('/').get(auth, controller.list): the chained verb has
      // no path of its own, but names the handler.
      // Only the last argument is the handler: the ones before it are
      // middleware (seen on uptime-kuma: `app.get('/metrics', apiAuth, …)`
      // made server/auth.js, whose login() reads the users table, a
      // handler file that queries the database).
      if (c.callee.starts_with("().")) {
        for (const auto& [index, name] : c.idents) {
          if (index == handler_arg && !name.ends_with(")")) by_reference[f].insert(name.substr(0, name.find('.')));
        }
      }
      std::string path;
      if (!c.args.empty() && (c.literal_mask & 1u) && c.args[0].starts_with("/")) {
        path = c.args[0];
      } else {
        // Fastify's route({ method, url, handler }): the url may be computed.
        bool method = false, handler = false, url = false;
        for (const auto& k : c.keys) {
          if (k.path == "url" || k.path == "path") {
            url = true;
            if (k.value.starts_with("/")) path = k.value;
          }
          method = method || k.path == "method";
          handler = handler || k.path == "handler";
        }
        if (path.empty() && url && method && handler && last_segment(c.callee) == "route") path = "(computed)";
      }
      if (path.empty()) return;  // map.get(key): not a route
      // A bare get('/x') is a client helper; axios.get(url) fetches.
      if (!registers_route(c)) return;
      r.all.push_back({f, c.pos, c.callee + "('" + path + "')", path});
      r.files.insert(f);
      by_reference_handler();
    });
    v.each_decorator([&](std::uint32_t f, const analyzers::source::DecoratorFact& dec) {
      auto name = std::string(last_segment(dec.name));
      if (decos.count(name)) {
        r.all.push_back({f, dec.pos, "@" + name + "(" + (dec.arg.empty() ? "" : "'" + dec.arg + "'") + ")", dec.arg});
        r.files.insert(f);
      } else if (controllers.count(name)) {
        r.files.insert(f);
      }
    });
    const auto& g = v.src->graph;
    for (const auto& e : g.edges) {
      auto it = by_reference.find(e.from);
      if (it == by_reference.end() || !r.files.count(e.from) || e.to_file < 0 || !core::ModuleGraph::runtime(e)) continue;
      auto t = static_cast<std::uint32_t>(e.to_file);
      if (!v.production[t]) continue;
      auto path = lower_copy(g.files[t].path);
      auto slash = path.rfind('/');
      auto base = path.substr(slash == std::string::npos ? 0 : slash + 1);
      // The file or its folder says what it holds: controllers/x.ts,
      // handlers/users.ts, users.controller.ts (seen: `router.get('/',
      // getOne)` with getOne from ../controllers/x read no handler input).
      auto folder = slash == std::string::npos ? std::string() : path.substr(0, slash);
      folder = folder.substr(folder.rfind('/') == std::string::npos ? 0 : folder.rfind('/') + 1);
      bool named = base.find("controller") != std::string::npos || base.find("handler") != std::string::npos ||
                   folder.find("controller") != std::string::npos || folder.find("handler") != std::string::npos;
      for (const auto& head : it->second) {
        auto h = lower_copy(head);
        if (h.size() >= 3 && (base.find(h) != std::string::npos || h.find(base.substr(0, base.find('.'))) != std::string::npos)) named = true;
      }
      if (named && r.files.insert(t).second) r.referenced_by.emplace(t, e.from);
    }
    return r;
  }

  // The route-based items: n/a without a server, not checked without routes.
  static bool no_routes(ChecklistItem& it, const Servers& srv, bool none, const char* why) {
    if (no_server(it, srv)) return true;
    if (!none) return false;
    it.verdict = Verdict::not_checked;
    it.reason = why;
    return true;
  }

  // ------------------------------------------------------ input-validation
  ChecklistItem input_validation(const SourceView& v, const Servers& srv, const Routes& rt) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Validate every request body, params and query with a schema at the edge (zod, joi, TypeBox "
                     "route schemas, class-validator with a global ValidationPipe) before it reaches your logic.";
    if (no_routes(it, srv, rt.all.empty(), "no route registrations found (routes built dynamically?)")) return it;
    auto validators = d.set("input_validation", "packages");
    auto global_calls = d.set("input_validation", "global_calls");
    auto route_keys = d.set("input_validation", "route_keys");
    auto validating_calls = d.set("input_validation", "validating_calls");
    auto inputs = d.set("input_validation", "inputs");
    auto body_decos = d.set("input_validation", "decorators");
    auto objects = d.set("routes", "request_objects");
    std::set<std::uint32_t> validating_files;  // import a validator or register routes with a schema
    for (const auto& [pkg, files] : v.importers) {
      if (validators.count(pkg)) validating_files.insert(files.begin(), files.end());
    }
    ChecklistEvidence global;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (callee_matches(c.callee, global_calls) && global.file.empty()) global = at(v, f, c.pos, c.callee + "()");
      if (!rt.files.count(f)) return;
      for (const auto& k : c.keys) {
        if (route_keys.count(std::string(last_segment(k.path))) && k.path.find("schema") != std::string::npos) {
          validating_files.insert(f);
        }
      }
      // querySchema.validateAsync(req.query), this.openApiService.validPath({...}):
      // the schema lives in another module (seen on Unleash/unleash, whose
      // controllers validate through Joi schemas and OpenAPI route specs).
      if (c.callee.find('.') != std::string::npos && validating_calls.count(std::string(last_segment(c.callee)))) {
        validating_files.insert(f);
      }
    });
    // Handlers that read request input, by file.
    std::map<std::uint32_t, ChecklistEvidence> reads;
    for (auto f : rt.files) {
      for (const auto& m : v.src->scans[f].members) {
        auto first = m.path.substr(0, m.path.find('.'));
        auto rest = m.path.substr(m.path.find('.') + 1);
        auto seg = rest.substr(0, rest.find('.'));
        bool context = first == "ctx" || first == "context" || first == "c";
        if (rest.starts_with("request.")) {
          seg = rest.substr(8, rest.find('.', 8) - 8);  // ctx.request.body
        } else if (context && seg == "body") {
          continue;  // Koa's ctx.body is the response
        }
        if (!objects.count(first) || !inputs.count(seg)) continue;
        if (!reads.count(f)) reads[f] = at(v, f, m.pos, m.path);
      }
      for (const auto& dec : v.src->scans[f].decorators) {
        if (body_decos.count(std::string(last_segment(dec.name))) && !reads.count(f)) {
          reads[f] = at(v, f, dec.pos, "@" + dec.name + "()");
        }
      }
    }
    bool nest_global = !global.file.empty();
    std::size_t validated = 0;
    std::vector<ChecklistEvidence> bad, good;
    std::set<std::uint32_t> bad_files;
    for (const auto& r : rt.all) {
      bool ok = validating_files.count(r.file) || nest_global;
      if (!ok) continue;
      ++validated;
      if (good.size() < 2) good.push_back(at(v, r.file, r.pos, r.what));
    }
    // A handler module validated by the route file that passes it.
    for (const auto& [handler, route_file] : rt.referenced_by) {
      if (validating_files.count(route_file)) validating_files.insert(handler);
    }
    for (const auto& [f, e] : reads) {
      if (validating_files.count(f) || nest_global) continue;
      bad_files.insert(f);
      if (bad.size() < 5) bad.push_back({e.file, e.line, e.column, e.note + " read without a schema in this file"});
    }
    std::string counts = std::to_string(validated) + " of " + std::to_string(rt.all.size()) +
                         " routes in files that validate";
    if (nest_global) counts = "a global " + global.note + " (" + loc(global) + ") validates all " + std::to_string(rt.all.size()) + " routes";
    if (bad_files.empty() && (validated > 0 || reads.empty())) {
      it.verdict = Verdict::pass;
      it.reason = reads.empty() && validated == 0 ? "no handler reads request input (" + std::to_string(rt.all.size()) + " routes)"
                                                   : counts;
      if (!nest_global && validated > 0 && validated < rt.all.size()) it.reason += "; the others read no request input";
      it.evidence = nest_global ? std::vector<ChecklistEvidence>{global} : good;
    } else if (validated > 0) {
      it.verdict = Verdict::partial;
      it.reason = counts + "; " + std::to_string(bad_files.size()) + " handler file" + (bad_files.size() == 1 ? "" : "s") +
                  " read input unvalidated, e.g. " + bad.front().note.substr(0, bad.front().note.find(' ')) + " at " + loc(bad.front());
      it.evidence = bad;
    } else {
      it.verdict = Verdict::fail;
      it.reason = "no schema validation: " + std::to_string(bad_files.size()) + " handler file" + (bad_files.size() == 1 ? "" : "s") +
                  " read request input directly, e.g. " + bad.front().note.substr(0, bad.front().note.find(' ')) + " at " + loc(bad.front());
      it.evidence = bad;
    }
    return it;
  }

  // ---------------------------------------------------------- request-path
  ChecklistItem request_path(const SourceView& v, const Servers& srv, const Routes& rt) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Use the async form (fs.promises, crypto.scrypt, bcrypt.hash, child_process.exec) or move the "
                     "work to a worker thread or a queue; keep *Sync calls to start-up.";
    if (no_routes(it, srv, rt.files.empty(), "no route handlers found to follow")) return it;
    auto names = d.set("request_path", "calls");
    auto modules = d.set("request_path", "sync_modules");
    auto blocking = [&](const std::string& callee) {
      auto last = std::string(last_segment(callee));
      if (!last.ends_with("Sync")) return false;
      if (names.count(last)) return true;
      auto dot = callee.find('.');
      return dot != std::string::npos && modules.count(callee.substr(0, dot)) > 0;
    };
    // Files reachable from the handlers through static runtime imports
    // (-1: a handler file; else the file it was reached from).
    const auto via = reach_from(v, rt.files, [&](const core::ModuleEdge& e, std::size_t t) {
      return e.kind != core::ModuleEdgeKind::dynamic && v.production[t];
    });
    std::vector<ChecklistEvidence> in_handlers, reachable;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (c.top_level || via[f] == -2 || !blocking(c.callee)) return;
      if (via[f] == -1) {
        in_handlers.push_back(at(v, f, c.pos, c.callee + "() in a handler file"));
      } else {
        // The chain back to a handler file, for the reader.
        std::string chain = v.path(f);
        std::int32_t u = via[f];
        for (int hops = 0; u >= 0 && hops < 6; ++hops) {
          chain = v.path(static_cast<std::uint32_t>(u)) + " → " + chain;
          u = via[static_cast<std::size_t>(u)];
        }
        reachable.push_back(at(v, f, c.pos, c.callee + "() reachable from a handler: " + chain));
      }
    });
    if (!in_handlers.empty()) {
      it.verdict = Verdict::fail;
      it.reason = std::to_string(in_handlers.size()) + " blocking call" + (in_handlers.size() == 1 ? "" : "s") +
                  " in route handler files, e.g. " + in_handlers.front().note.substr(0, in_handlers.front().note.find(' ')) +
                  " at " + loc(in_handlers.front());
      it.evidence = in_handlers;
      it.evidence.insert(it.evidence.end(), reachable.begin(), reachable.end());
    } else if (!reachable.empty()) {
      it.verdict = Verdict::partial;
      it.reason = std::to_string(reachable.size()) + " blocking call" + (reachable.size() == 1 ? "" : "s") +
                  " in modules the handlers import, e.g. " + reachable.front().note.substr(0, reachable.front().note.find(' ')) +
                  " at " + loc(reachable.front()) + " (start-up code is fine: check it runs per request)";
      it.evidence = reachable;
    } else {
      it.verdict = Verdict::pass;
      std::size_t files = std::count_if(via.begin(), via.end(), [](std::int32_t x) { return x != -2; });
      it.reason = "no blocking call inside functions of the " + std::to_string(files) + " file" + (files == 1 ? "" : "s") +
                  " the " + std::to_string(rt.files.size()) + " handler file" + (rt.files.size() == 1 ? "" : "s") + " reach" +
                  (rt.files.size() == 1 ? "es" : "");
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  // ------------------------------------------------------------- ownership
  ChecklistItem ownership(const SourceView& v, const Servers& srv, const Routes& rt) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Keep handlers thin: parse and validate input, call a service, map the result. Data access "
                     "belongs in a repository or service module the handler imports, so each entry point's "
                     "dependencies are visible and testable.";
    std::vector<std::string> kinds;
    std::vector<ChecklistEvidence> entries;
    if (!srv.at.empty()) {
      kinds.push_back(std::to_string(srv.file_ids.size()) + " HTTP server" + (srv.file_ids.size() == 1 ? "" : "s"));
      entries.push_back(srv.at.front());
    }
    std::size_t webhooks = std::count_if(rt.all.begin(), rt.all.end(), [](const Route& r) {
      return r.path.find("webhook") != std::string::npos || r.path.find("hook") != std::string::npos;
    });
    if (webhooks) kinds.push_back(std::to_string(webhooks) + " webhook route" + (webhooks == 1 ? "" : "s"));
    auto sched_calls = d.set("ownership", "scheduler_calls");
    auto sched_decos = d.set("ownership", "scheduler_decorators");
    auto sched_pkgs = d.set("ownership", "scheduler_packages");
    std::set<std::uint32_t> sched_files;
    for (const auto& [pkg, files] : v.importers) {
      if (sched_pkgs.count(pkg)) sched_files.insert(files.begin(), files.end());
    }
    std::size_t jobs = 0;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (sched_files.count(f) && callee_matches(c.callee, sched_calls)) {
        if (jobs++ == 0) entries.push_back(at(v, f, c.pos, c.callee + "()"));
      }
    });
    v.each_decorator([&](std::uint32_t f, const analyzers::source::DecoratorFact& dec) {
      if (sched_decos.count(std::string(last_segment(dec.name))) && sched_files.count(f)) {
        if (jobs++ == 0) entries.push_back(at(v, f, dec.pos, "@" + dec.name + "()"));
      }
    });
    if (jobs) kinds.push_back(std::to_string(jobs) + " scheduled job" + (jobs == 1 ? "" : "s"));
    auto queues = v.imports_of(d.set("workers", "packages"));
    if (!queues.empty()) {
      kinds.push_back("queue code (" + queues.front().first + ")");
      entries.push_back({v.path(queues.front().second), 0, 0, "imports " + queues.front().first});
    }
    auto clis = v.imports_of(d.set("ownership", "cli_packages"));
    if (!clis.empty()) {
      kinds.push_back("a CLI (" + clis.front().first + ")");
      entries.push_back({v.path(clis.front().second), 0, 0, "imports " + clis.front().first});
    }
    // A file-routed app's handlers are its route files, which are not read:
    // a queue producer beside them does not make the item pass (seen on
    // umami: "✓ queue code (kafkajs)" while a route file queried Prisma).
    if (srv.at.empty() && !srv.framework.empty()) {
      no_server(it, srv);
      return it;
    }
    if (kinds.empty()) {
      it.verdict = Verdict::not_applicable;
      it.reason = "no entry point (HTTP server, worker, scheduled job, CLI) in application code";
      return it;
    }
    // Handlers that reach the database themselves.
    auto receivers = d.set("ownership", "orm_receivers");
    auto orm = d.set("ownership", "orm_calls");
    auto repository_calls = d.set("ownership", "orm_repository_calls");
    static const std::set<std::string, std::less<>> k_globals = {"Object", "Array", "Promise", "JSON", "Math", "Date",
                                                                 "Number", "String", "Reflect", "Buffer", "URL", "Map",
                                                                 "Set", "Symbol", "Intl", "Error", "Atomics"};
    auto db_call = [&](std::string_view callee) {
      if (callee.starts_with("new ")) return false;
      if (callee.starts_with("this.")) callee.remove_prefix(5);
      auto dot = callee.find('.');
      if (dot == std::string_view::npos) return false;
      auto head = std::string(callee.substr(0, dot));
      auto last = std::string(last_segment(callee));
      // AppDataSource.getRepository(User), em.createQueryBuilder(): TypeORM
      // and MikroORM (seen on FlowiseAI/Flowise, whose controllers query
      // through getRepository(...).findOneBy()).
      if (repository_calls.count(last)) return true;
      if (!orm.count(last)) return false;
      // Any segment before the method: appServer.AppDataSource.manager.find()
      for (std::size_t from = 0; from < callee.size();) {
        auto end = callee.find('.', from);
        if (end == std::string_view::npos) break;  // the method itself
        auto seg = callee.substr(from, end - from);
        std::string lower = lower_copy(std::string(seg));
        if (receivers.count(std::string(seg)) || lower.find("prisma") != std::string::npos ||
            lower.find("knex") != std::string::npos || lower.find("datasource") != std::string::npos) {
          return true;
        }
        from = end + 1;
      }
      // User.findOne(...): a model class.
      bool model = callee.find('.', dot + 1) == std::string_view::npos && !head.empty() && head[0] >= 'A' &&
                   head[0] <= 'Z' && !k_globals.count(head);
      // Foo.create() is a factory as often as an insert; BodyParser.raw() is
      // body-parser's middleware (seen on parse-server, cited as a handler
      // querying the database). A model's raw SQL goes through its client.
      return model && last != "create" && last != "raw";
    };
    std::map<std::uint32_t, ChecklistEvidence> direct;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (!rt.files.count(f) || c.top_level || direct.count(f) || !db_call(c.callee)) return;
      direct[f] = at(v, f, c.pos, c.callee + "() in a handler file");
    });
    std::string summary;
    for (std::size_t i = 0; i < kinds.size(); ++i) summary += (i ? ", " : "") + kinds[i];
    std::size_t handler_files = rt.files.size();
    if (direct.empty()) {
      it.verdict = Verdict::pass;
      it.reason = summary + (handler_files ? "; no handler file queries the database itself" : "");
      it.evidence = entries;
    } else {
      it.verdict = direct.size() * 2 >= handler_files ? Verdict::fail : Verdict::partial;
      it.reason = summary + "; " + std::to_string(direct.size()) + " of " + std::to_string(handler_files) +
                  " handler files query the database directly, e.g. " +
                  direct.begin()->second.note.substr(0, direct.begin()->second.note.find(' ')) + " at " +
                  loc(direct.begin()->second);
      for (const auto& [f, e] : direct) it.evidence.push_back(e);
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  ChecklistItem graceful_shutdown(const SourceView& v, const Servers& srv) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "On SIGTERM stop accepting work, close the server and connections, and exit after a timeout "
                     "(close-with-grace, @godaddy/terminus, Nest's enableShutdownHooks()).";
    if (no_server(it, srv)) return it;
    auto signal_calls = d.set("graceful_shutdown", "signal_calls");
    auto signals = d.set("graceful_shutdown", "signals");
    auto helpers = d.set("graceful_shutdown", "calls");
    auto closes = d.set("graceful_shutdown", "close_calls");
    std::vector<ChecklistEvidence> handlers, libs;
    std::vector<std::uint32_t> handler_file_of;  // per handler
    std::set<std::uint32_t> closing_files;
    std::set<std::uint32_t> server_closing_files;  // close() / terminate(): a server, not a telemetry flush
    std::set<std::uint32_t> signalling_files;      // resolve() or .abort() inside a function: a shutdown signal
    std::map<std::uint32_t, ChecklistEvidence> first_close;  // per closing file
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (!c.top_level && (c.callee == "resolve" || last_segment(c.callee) == "abort")) signalling_files.insert(f);
      if (callee_matches(c.callee, signal_calls) && !c.args.empty() && (c.literal_mask & 1u) && signals.count(c.args[0])) {
        handlers.push_back(at(v, f, c.pos, c.callee + "('" + c.args[0] + "')"));
        handler_file_of.push_back(f);
      } else if (callee_matches(c.callee, signal_calls) && !c.idents.empty() && c.idents.front().first == 0 &&
                 lower_copy(c.idents.front().second).find("sig") != std::string::npos) {
        // signals.forEach((signal) => process.once(signal, ...)): a list of signals
        handlers.push_back(at(v, f, c.pos, c.callee + "(" + c.idents.front().second + ")"));
        handler_file_of.push_back(f);
      }
      if (callee_matches(c.callee, helpers)) libs.push_back(at(v, f, c.pos, c.callee + "()"));
      // res.end(), reply.send(): answering a request closes nothing.
      // A method of a call's result (`res.status(204).end()`) is not a
      // server or pool either.
      bool response = c.callee.starts_with("().") || c.callee.starts_with("res.") || c.callee.starts_with("reply.") ||
                      c.callee.starts_with("response.") || c.callee.starts_with("ctx.") || c.callee.starts_with("c.");
      if (!c.top_level && !response && callee_matches(c.callee, closes)) {
        if (closing_files.insert(f).second) first_close.emplace(f, at(v, f, c.pos, c.callee + "()"));
        auto last = last_segment(c.callee);
        if (last == "close" || last == "closeAllConnections" || last == "terminate") server_closing_files.insert(f);
      }
    });
    for (const auto& [pkg, file] : v.imports_of(d.set("graceful_shutdown", "packages"))) {
      libs.push_back({v.path(file), 0, 0, "imports " + pkg});
    }
    bool closes_in_handler_file = std::any_of(handler_file_of.begin(), handler_file_of.end(),
                                              [&](std::uint32_t f) { return closing_files.count(f) > 0; });
    // Seen on karakeep: the handler only resolves a promise (or aborts a
    // controller) that the main module awaits, and the main module closes
    // the servers after it. A handler file that signals, imported at run
    // time by a file that closes, closes through that file.
    std::optional<std::pair<std::uint32_t, std::uint32_t>> closes_via;  // handler file, closing importer
    if (!closes_in_handler_file) {
      for (const auto& e : v.src->graph.edges) {
        if (closes_via || e.to_file < 0 || !core::ModuleGraph::runtime(e) || !closing_files.count(e.from)) continue;
        auto target = static_cast<std::uint32_t>(e.to_file);
        if (signalling_files.count(target) &&
            std::find(handler_file_of.begin(), handler_file_of.end(), target) != handler_file_of.end()) {
          closes_via = std::pair{target, e.from};
        }
      }
    }
    // The handler a reviewer should read first: in a file that closes a
    // server, in a package that serves (seen on hoppscotch: a container
    // script that kills its child processes was cited before the API's
    // main.ts, whose handler calls app.close()).
    {
      std::vector<std::size_t> order(handlers.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      auto rank = [&](std::size_t i) {
        auto f = handler_file_of[i];
        int closing = server_closing_files.count(f) ? 0 : closing_files.count(f) ? 1 : 2;
        return closing * 2 + (srv.serves(v, f) ? 0 : 1);
      };
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
      std::vector<ChecklistEvidence> sorted;
      for (auto i : order) sorted.push_back(std::move(handlers[i]));
      handlers = std::move(sorted);
    }
    // The project's own handler that closes is the evidence a reviewer
    // checks first; a shutdown library after it.
    if (!handlers.empty() && closes_in_handler_file) {
      it.verdict = Verdict::pass;
      it.reason = handlers.front().note + " closes the server (" + loc(handlers.front()) + ")";
      it.evidence = handlers;
      it.evidence.insert(it.evidence.end(), libs.begin(), libs.end());
    } else if (closes_via && libs.empty()) {
      auto file = v.path(closes_via->first);
      auto h = std::find_if(handlers.begin(), handlers.end(), [&](const ChecklistEvidence& e) { return e.file == file; });
      it.verdict = Verdict::pass;
      const auto& closer = first_close.at(closes_via->second);
      it.reason = h->note + " (" + loc(*h) + ") signals shutdown, and " + v.path(closes_via->second) +
                  ", which imports it, closes what it started (" + closer.note + " at " + loc(closer) + ")";
      it.evidence.push_back(*h);
      it.evidence.push_back(closer);
      for (const auto& e : handlers) {
        if (&e != &*h) it.evidence.push_back(e);
      }
    } else if (!libs.empty()) {
      it.verdict = Verdict::pass;
      it.reason = "shutdown handled by " + libs.front().note + " (" + loc(libs.front()) + ")";
      it.evidence = libs;
      it.evidence.insert(it.evidence.end(), handlers.begin(), handlers.end());
    } else if (!handlers.empty()) {
      it.verdict = Verdict::partial;
      it.reason = handlers.front().note + " at " + loc(handlers.front()) + " but nothing is closed there";
      it.evidence = handlers;
    } else {
      it.verdict = Verdict::fail;
      it.reason = "no SIGTERM/SIGINT handler: " + srv.at.front().note + " at " + loc(srv.at.front()) + " is never closed";
      it.evidence = srv.at;
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  ChecklistItem error_handling(const SourceView& v, const Servers& srv) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Register one error handler for requests (Express 4-argument middleware, Fastify "
                     "setErrorHandler, a Nest exception filter, Koa app.on('error'), Hono onError) and log "
                     "unhandledRejection/uncaughtException at process level.";
    if (no_server(it, srv)) return it;
    auto calls = d.set("error_handling", "calls");
    auto mw = d.set("error_handling", "middleware_callee");
    auto events = d.set("error_handling", "process_events");
    auto decos = d.set("error_handling", "decorators");
    auto web_calls = d.set("error_handling", "web_event_calls");
    auto web_events = d.set("error_handling", "web_events");
    std::vector<ChecklistEvidence> central, process;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      // Handlers count in the packages that serve (a component's onError
      // prop in a frontend package of the monorepo is not the API's handler).
      if (!srv.serves(v, f)) return;
      bool proc = c.callee.starts_with("process.");
      if (proc && !c.args.empty() && (c.literal_mask & 1u) && events.count(c.args[0])) {
        process.push_back(at(v, f, c.pos, c.callee + "('" + c.args[0] + "')"));
      } else if (web_calls.count(c.callee) && !c.args.empty() && (c.literal_mask & 1u) && web_events.count(c.args[0])) {
        // Deno and Bun: the web platform's process-level events.
        process.push_back(at(v, f, c.pos, c.callee + "('" + c.args[0] + "')"));
      } else if (proc && last_segment(c.callee).starts_with("on") && !c.idents.empty() && c.idents.front().first == 0 &&
                 lower_copy(c.idents.front().second).find("err") != std::string::npos) {
        // ['unhandledRejection', 'uncaughtException'].forEach((error) => process.on(error, ...))
        process.push_back(at(v, f, c.pos, c.callee + "(" + c.idents.front().second + ")"));
      } else if (!proc && c.callee.find('.') != std::string::npos && callee_matches(c.callee, calls)) {
        // A method of the app (app.onError(), fastify.setErrorHandler()),
        // not a bare onError?.(result) callback.
        central.push_back(at(v, f, c.pos, c.callee + "()"));
      } else if (!proc && callee_matches(c.callee, mw) &&
                 std::any_of(c.fn_arity.begin(), c.fn_arity.end(), [](const auto& a) { return a.second == 4; })) {
        central.push_back(at(v, f, c.pos, c.callee + "((err, req, res, next) => …)"));
      } else if (!proc && callee_matches(c.callee, mw) &&
                 std::any_of(c.idents.begin(), c.idents.end(), [](const auto& a) {
                   // app.use(errorHandler), app.use(error.handler): a named error middleware
                   std::string n = lower_copy(a.second);
                   return n.find("error") != std::string::npos || n.starts_with("err.") || n == "err";
                 })) {
        std::string name;
        for (const auto& [i, n] : c.idents) name = n;
        central.push_back(at(v, f, c.pos, c.callee + "(" + name + ")"));
      } else if (!proc && last_segment(c.callee) == "on" && !c.args.empty() && (c.literal_mask & 1u) &&
                 c.args[0] == "error" && v.imports_in("koa", f)) {
        central.push_back(at(v, f, c.pos, c.callee + "('error')"));
      }
    });
    v.each_decorator([&](std::uint32_t f, const analyzers::source::DecoratorFact& dec) {
      if (decos.count(std::string(last_segment(dec.name)))) central.push_back(at(v, f, dec.pos, "@" + dec.name + "()"));
    });
    if (central.empty() && v.importers.count("@nestjs/core")) {
      // The file that starts the server (main.ts), not a script that also
      // creates an app (to print a schema, say).
      // Server evidence lists the files that listen first.
      const auto& files = v.importers.at("@nestjs/core");
      std::string file = v.path(files.front());
      for (const auto& e : srv.at) {
        if (std::any_of(files.begin(), files.end(), [&](std::uint32_t f) { return v.path(f) == e.file; })) {
          file = e.file;
          break;
        }
      }
      central.push_back({file, 0, 0, "Nest's built-in exception filter"});
    }
    // Evidence from the files that start a server first (seen on
    // louislam/uptime-kuma: a listener that server/database.js adds and
    // removes again around a migration was named before server/server.js's).
    std::set<std::string> server_files;
    for (const auto& e : srv.at) server_files.insert(e.file);
    for (auto* list : {&central, &process}) {
      std::stable_partition(list->begin(), list->end(),
                            [&](const ChecklistEvidence& e) { return server_files.count(e.file) > 0; });
    }
    if (!central.empty() && !process.empty()) {
      it.verdict = Verdict::pass;
      it.reason = central.front().note + " (" + loc(central.front()) + ") and " + process.front().note;
    } else if (!central.empty()) {
      it.verdict = Verdict::partial;
      it.reason = central.front().note + " (" + loc(central.front()) +
                  "), but no process-level unhandledRejection/uncaughtException handler";
    } else if (!process.empty()) {
      it.verdict = Verdict::partial;
      it.reason = process.front().note + " (" + loc(process.front()) + "), but no central request error handler";
    } else {
      it.verdict = Verdict::fail;
      it.reason = "no central error handler and no process-level handler for " + srv.at.front().note + " (" +
                  loc(srv.at.front()) + ")";
    }
    it.evidence = central;
    it.evidence.insert(it.evidence.end(), process.begin(), process.end());
    if (it.evidence.empty()) it.evidence = srv.at;
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  ChecklistItem health_checks(const SourceView& v, const Servers& srv, const Routes& rt) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Serve a liveness route (the process is up) and a readiness route (its dependencies answer), and "
                     "point the container's HEALTHCHECK or the orchestrator's probes at them.";
    if (no_server(it, srv)) return it;
    auto routes = d.set("health_checks", "route_calls");
    auto paths = d.set("health_checks", "paths");
    auto decos = d.set("health_checks", "decorators");
    auto generic = d.set("health_checks", "generic_paths");
    auto prefixes = d.set("health_checks", "prefix_segments");
    auto trim_slashes = [](std::string p) {
      while (!p.empty() && p.front() == '/') p.erase(0, 1);
      while (!p.empty() && p.back() == '/') p.pop_back();
      return p;
    };
    // Paths that name a collection: some route goes on from them with a
    // parameter (/status/:slug). Such a /status is a resource (seen on
    // uptime-kuma: its public status pages), not a health check.
    std::set<std::string> collections;
    for (const auto& route : rt.all) {
      auto p = trim_slashes(route.path);
      for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        char next = p[i + 1];
        if (p[i] == '/' && (next == ':' || next == '{' || next == '[' || next == '*')) collections.insert(p.substr(0, i));
      }
    }
    auto is_health = [&](std::string p) {
      p = trim_slashes(std::move(p));
      if (collections.count(p) && generic.count(p.substr(p.rfind('/') + 1))) return false;
      if (paths.count(p)) return true;
      auto slash = p.rfind('/');
      if (slash == std::string::npos || !paths.count(p.substr(slash + 1))) return false;
      if (!generic.count(p.substr(slash + 1))) return true;  // /api/healthz
      // /api/v1/status, /health/ready: yes; /orders/:id/status: no.
      std::size_t from = 0;
      while (from < slash) {
        auto end = std::min(p.find('/', from), slash);
        std::string seg = p.substr(from, end - from);
        from = end + 1;
        bool version = seg.size() >= 2 && seg[0] == 'v' &&
                       std::all_of(seg.begin() + 1, seg.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        bool health_word = paths.count(seg) > 0 && generic.count(seg) == 0;
        if (!version && !health_word && prefixes.count(seg) == 0) return false;
      }
      return true;
    };
    auto receivers = d.set("routes", "helper_receivers");
    std::vector<ChecklistEvidence> found;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (callee_matches(c.callee, routes) && !c.args.empty() && (c.literal_mask & 1u) && registers_route(c) &&
          is_health(c.args[0])) {
        found.push_back(at(v, f, c.pos, c.callee + "('" + c.args[0] + "')"));
      } else if (auto helper = helper_route(c, routes, receivers); helper && is_health(helper->second)) {
        found.push_back(at(v, f, c.pos, c.callee + "(…, '" + helper->first + "', '" + helper->second + "')"));
      } else if (last_segment(c.callee) == "use" && c.args.size() >= 2 && (c.literal_mask & 1u) && is_health(c.args[0])) {
        // A router or controller mounted at a health path: app.use('/health',
        // healthRouter); seen on Unleash/unleash, whose index router does
        // this.use('/health', new HealthCheckController(...)).
        found.push_back(at(v, f, c.pos, c.callee + "('" + c.args[0] + "', …)"));
      }
    });
    v.each_decorator([&](std::uint32_t f, const analyzers::source::DecoratorFact& dec) {
      auto name = std::string(last_segment(dec.name));
      // @Controller('health') + @Get(): the controller's path is the route's.
      std::string controller;  // "@Controller('health') " when it gives the path
      if (name == "Get" && dec.arg.empty()) {
        for (const auto& other : v.src->scans[f].decorators) {
          if (last_segment(other.name) == "Controller" && is_health(other.arg)) {
            controller = "@" + other.name + "('" + other.arg + "') ";
          }
        }
      }
      if (decos.count(name) && (name == "HealthCheck" || is_health(dec.arg) || !controller.empty())) {
        found.push_back(at(v, f, dec.pos,
                           controller + "@" + dec.name + "(" + (dec.arg.empty() ? "" : "'" + dec.arg + "'") + ")"));
      }
    });
    for (const auto& [pkg, file] : v.imports_of(d.set("health_checks", "packages"))) {
      found.push_back({v.path(file), 0, 0, "imports " + pkg});
    }
    std::vector<ChecklistEvidence> probes;
    bool has_dockerfile = false;
    if (facts.containers) {
      for (const auto& df : facts.containers->dockerfiles) {
        has_dockerfile = true;
        if (df.healthcheck_line) probes.push_back({df.path, df.healthcheck_line, 0, "HEALTHCHECK"});
      }
      for (const auto& [file, line] : facts.containers->probes) probes.push_back({file, line, 0, "probe"});
    }
    if (!found.empty()) {
      it.evidence = found;
      if (!probes.empty() || !has_dockerfile) {
        it.verdict = Verdict::pass;
        it.reason = found.front().note + " (" + loc(found.front()) + ")" +
                    (probes.empty() ? "" : " and " + probes.front().note + " (" + loc(probes.front()) + ")");
        it.evidence.insert(it.evidence.end(), probes.begin(), probes.end());
      } else {
        it.verdict = Verdict::partial;
        it.reason = found.front().note + " (" + loc(found.front()) +
                    "), but no Dockerfile HEALTHCHECK or orchestrator probe uses it";
      }
    } else if (!probes.empty()) {
      it.verdict = Verdict::partial;
      it.reason = probes.front().note + " (" + loc(probes.front()) + "), but no health route in the code";
      it.evidence = probes;
    } else {
      it.verdict = Verdict::fail;
      it.reason = "no health route for " + srv.at.front().note + " (" + loc(srv.at.front()) + ")";
      it.evidence = srv.at;
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  ChecklistItem containers() {
    ChecklistItem it;
    it.remediation = "Build in stages from a pinned LTS image, install production dependencies only, set "
                     "NODE_ENV=production, run as a non-root USER, and keep node_modules and .env out of the "
                     "build context (.dockerignore).";
    if (!facts.containers) {
      it.reason = "containers were not read";
      return it;
    }
    if (facts.containers->dockerfiles.empty()) {
      it.verdict = Verdict::not_applicable;
      it.reason = "no Dockerfile";
      return it;
    }
    // Each Dockerfile against six criteria; the item takes the worst.
    std::size_t worst_missing = 0;
    std::size_t worst_total = 6;
    const DockerfileFacts* worst = nullptr;
    std::vector<std::string> worst_missing_names;
    std::vector<ChecklistEvidence> worst_evidence;
    // Dockerfiles for tests and development (Dockerfile.integration,
    // dev.Dockerfile, test/ folders) do not ship; they are judged only when
    // nothing else is there (seen on logto-io/logto: the worst was
    // Dockerfile.integration, for integration tests).
    // An image that does not run Node.js (a database seeded with SQL, a
    // proxy) is not this project's service: judged only when no Node image
    // is there (seen on Unleash/unleash: docker/local-postgres/Dockerfile,
    // FROM postgres:15, was the worst).
    // A Node image that installs no dependencies and ships no build output
    // is a base image others build FROM (seen on louislam/uptime-kuma:
    // docker/debian-base.dockerfile, apt packages only, was judged instead of
    // the app's docker/dockerfile): judged only when no app image is there.
    // Among app images, those that name a command (CMD, ENTRYPOINT) come
    // first: one that names none is a base image too, even when a helper
    // stage installs a package for a download script (seen on uptime-kuma:
    // docker/debian-base.dockerfile runs `npm install cheerio semver` in a
    // stage that fetches a .deb, and was judged instead of the app's
    // docker/dockerfile).
    std::vector<const DockerfileFacts*> judged;
    for (int tier = 0; tier < 4 && judged.empty(); ++tier) {
      for (const auto& d : facts.containers->dockerfiles) {
        bool app = d.node && (d.any_install_line > 0 || d.ships_build_output_only);
        bool wanted = tier == 0 ? app && d.command_line > 0 : tier == 1 ? app : tier == 2 ? d.node : true;
        if (!dev_dockerfile(d.path) && wanted) judged.push_back(&d);
      }
    }
    if (judged.empty()) {
      for (const auto& d : facts.containers->dockerfiles) judged.push_back(&d);
    }
    for (const auto* dp : judged) {
      const auto& d = *dp;
      std::vector<std::string> missing;
      std::vector<ChecklistEvidence> ev;
      auto miss = [&](std::string what, int line) {
        ev.push_back({d.path, line, 0, what});
        missing.push_back(std::move(what));
      };
      if (!d.pinned_base) miss("base image " + (d.final_image.empty() ? "unknown" : d.final_image) + " names no version", d.final_from_line);
      if (d.stages < 2) miss("single stage (build tools ship to production)", d.final_from_line);
      if (d.node && d.prod_install_line == 0 && !d.ships_build_output_only) {
        miss("no production-only install (" + production_install_command(*facts.project) + ")", d.any_install_line);
      }
      if (d.node && d.node_env_line == 0) miss("NODE_ENV=production not set", 0);
      if (d.user.empty() || d.user == "root" || d.user == "0" || d.user.starts_with("0:") || d.user.starts_with("root:")) {
        miss("runs as root (no USER)", d.user_line);
      }
      if (d.dockerignore.empty()) {
        miss("no .dockerignore", 0);
      } else if ((d.node && !d.ignores_node_modules) || !d.ignores_env) {
        std::string what = std::string(d.dockerignore) + " does not exclude " +
                           (d.node && !d.ignores_node_modules && !d.ignores_env ? "node_modules or .env"
                            : d.node && !d.ignores_node_modules                 ? "node_modules"
                                                                                : ".env");
        ev.push_back({d.dockerignore, 0, 0, what});
        missing.push_back(std::move(what));
      }
      if (!worst || missing.size() > worst_missing) {
        worst = &d;
        worst_total = d.node ? 6 : 4;
        worst_missing = missing.size();
        worst_missing_names = missing;
        worst_evidence = ev;
      }
    }
    std::string name = worst->path;
    if (worst_missing == 0) {
      it.verdict = Verdict::pass;
      it.reason = std::to_string(worst_total) + " of " + std::to_string(worst_total) + " in " + name +
                  (judged.size() > 1 ? " (and every other Dockerfile)" : "") +
                  (worst->node ? ": pinned base, multi-stage, production install, NODE_ENV, non-root USER, .dockerignore"
                               : ": pinned base, multi-stage, non-root USER, .dockerignore (no Node.js in the image: "
                                 "no production install or NODE_ENV to judge)");
      // Where each criterion is met, so a reviewer can check the pass (seen
      // on umami: a pass with no evidence at all).
      const auto& d = *worst;
      it.evidence.push_back({d.path, d.final_from_line, 0, "FROM " + d.final_image + ", the last of " +
                                                               std::to_string(d.stages) + " stages"});
      if (d.node && d.prod_install_line > 0) {
        it.evidence.push_back({d.path, d.prod_install_line, 0, "production-only install"});
      } else if (d.node && d.ships_build_output_only) {
        it.evidence.push_back({d.path, d.final_from_line, 0, "the final stage copies build output only"});
      }
      if (d.node && d.node_env_line > 0) it.evidence.push_back({d.path, d.node_env_line, 0, "NODE_ENV=production"});
      it.evidence.push_back({d.path, d.user_line, 0, "USER " + d.user});
      it.evidence.push_back({d.dockerignore, 0, 0, d.node ? "excludes node_modules and .env" : "excludes .env"});
      return it;
    }
    it.verdict = worst_missing <= 2 ? Verdict::partial : Verdict::fail;
    it.reason = std::to_string(worst_total - worst_missing) + " of " + std::to_string(worst_total) + " in " + name + ": ";
    for (std::size_t i = 0; i < worst_missing_names.size(); ++i) it.reason += (i ? "; " : "") + worst_missing_names[i];
    it.evidence = worst_evidence;
    return it;
  }

  // ------------------------------------------------------------------ CI
  struct Leaf {
    CiCommand origin;
    std::string chain;  // "npm test → vitest run"
    std::string text;   // the simple command reached
    std::string dir;    // the package folder it runs in ("" = the root)
    // A package script the command runs that no package.json in reach
    // defines (then `text` is empty): `npm test` with no package.json at
    // the root (NodeBB's CI copies install/package.json there first).
    std::string unresolved;
  };

  // Follows package scripts from each CI command down to the commands that
  // run (npm test → vitest run; turbo run test → every workspace's test).
  std::vector<Leaf> ci_leaves() {
    std::vector<Leaf> leaves;
    if (!facts.ci || !facts.project) return leaves;
    const auto& project = *facts.project;
    std::vector<const core::Manifest*> manifests;
    if (project.root) manifests.push_back(&*project.root);
    for (const auto& m : project.workspaces) manifests.push_back(&m);
    std::function<void(const CiCommand&, const std::string&, const std::string&, const core::Manifest*, int)> walk;
    // Each (manifest, script) expands once per CI command: scripts that
    // call the task runner again (`test` → `nx run-many -t test`) end there.
    std::set<std::pair<const core::Manifest*, std::string>> expanded;
    // The `--filter`/`-F` selectors of the command being followed (pnpm's and
    // turbo's): a script run "everywhere" runs only in the packages they
    // select (seen on trigger.dev: `pnpm run build --filter trigger.dev` was
    // credited with another workspace's `tsc`). Empty: every package.
    std::vector<std::string> scope;
    auto in_scope = [&](const core::Manifest* m) {
      bool any_positive = false, selected = false;
      for (std::string f : scope) {
        bool negate = f.starts_with("!");
        if (negate) f.erase(0, 1);
        if (f.find('[') != std::string::npos) return true;  // a git range: not decidable here
        if (f.starts_with("^...")) f.erase(0, 4);
        if (f.starts_with("...")) f.erase(0, 3);
        if (f.ends_with("...")) f.erase(f.size() - 3);
        if (f.ends_with("^")) f.pop_back();
        bool hit;
        if (f.starts_with("{") && f.ends_with("}")) f = f.substr(1, f.size() - 2);
        if (f.starts_with("./") || f.starts_with("/") || f == ".") {
          while (f.starts_with("./")) f.erase(0, 2);
          if (f.starts_with("/")) f.erase(0, 1);
          if (f == ".") f.clear();
          hit = core::glob_match(f, m->dir);
        } else {
          hit = core::glob_match(f, m->name);
        }
        if (negate) {
          if (hit) return false;
        } else {
          any_positive = true;
          selected = selected || hit;
        }
      }
      return !any_positive || selected;
    };
    auto run_script = [&](const CiCommand& o, const std::string& chain, const std::string& name, const core::Manifest* in,
                          bool everywhere, int depth) {
      if (!everywhere && in == nullptr) {
        leaves.push_back({o, chain, std::string(), std::string(), name});
        return;
      }
      for (const auto* m : manifests) {
        if (!everywhere && m != in) continue;
        if (everywhere && !in_scope(m)) continue;
        for (const auto& [sname, body] : m->scripts) {
          bool match = sname == name || (name.ends_with("*") && sname.starts_with(name.substr(0, name.size() - 1)));
          if (!match || !expanded.emplace(m, sname).second) continue;
          // The chain shows the first and the last steps.
          auto head = chain.substr(0, chain.find(" → "));
          walk(o, head + " → " + (everywhere && !m->dir.empty() ? m->dir + ": " : "") + body, body, m, depth + 1);
        }
      }
    };
    // The manifest a `cd DIR` lands in: DIR's own, else the nearest one
    // above it (where the package manager would look).
    auto manifest_at = [&](const std::string& dir) -> const core::Manifest* {
      const core::Manifest* best = nullptr;
      for (const auto* m : manifests) {
        bool above = m->dir.empty() || dir == m->dir || (dir.size() > m->dir.size() && dir.starts_with(m->dir) &&
                                                          dir[m->dir.size()] == '/');
        if (above && (best == nullptr || m->dir.size() > best->dir.size())) best = m;
      }
      return best;
    };
    walk = [&](const CiCommand& o, const std::string& chain, const std::string& text, const core::Manifest* in, int depth) {
      if (depth > 5) return;
      // `cd apps/api && pnpm test` runs apps/api's script, not the root's
      // (seen on novuhq/novu): follow the directory through the line.
      std::string dir = in ? in->dir : std::string();
      for (const auto& simple : core::split_shell_commands(text)) {
        auto w = core::shell_words(simple);
        if (w.size() == 2 && w[0] == "cd") {
          if (auto next = core::cd_into(dir, w)) {
            dir = std::move(*next);
            if (const auto* m = manifest_at(dir)) in = m;
          }
          continue;
        }
        std::size_t k = 0;
        // env assignments and wrappers
        // nyc and c8 run the command after their options under coverage
        // (seen on danielfsousa/express-rest-boilerplate: `nyc --reporter=html mocha`).
        while (k < w.size() && (w[k].find('=') != std::string::npos || w[k] == "cross-env" || w[k] == "npx" ||
                                w[k] == "bunx" || w[k] == "env" || w[k] == "dotenv" || w[k] == "--" || w[k] == "time" ||
                                w[k] == "xvfb-run" || w[k] == "CI=true" || w[k] == "exec" || w[k] == "nyc" ||
                                w[k] == "c8" || (k > 0 && (w[k - 1] == "nyc" || w[k - 1] == "c8" ||
                                                           w[k - 1].starts_with("--")) && w[k].starts_with("--")))) {
          ++k;
        }
        // dotenv-cli takes options, then `--` and the command (seen on
        // hedgedoc/hedgedoc: `dotenv -c production -- turbo run build`).
        if (k > 0 && k < w.size() && w[k].starts_with("-") && w[k - 1] == "dotenv") {
          auto dashes = std::find(w.begin() + static_cast<std::ptrdiff_t>(k), w.end(), "--");
          if (dashes != w.end()) k = static_cast<std::size_t>(dashes - w.begin()) + 1;
        }
        if (k >= w.size()) continue;
        const std::string& cmd = w[k];
        bool pm = cmd == "npm" || cmd == "yarn" || cmd == "pnpm" || cmd == "bun";
        // This command's selectors narrow what it runs, and what the scripts
        // it runs run in turn (`pnpm build --filter web` → `turbo run build`).
        std::vector<std::string> filters;
        for (std::size_t x = k + 1; x < w.size(); ++x) {
          if ((w[x] == "--filter" || w[x] == "-F") && x + 1 < w.size()) filters.push_back(w[++x]);
          else if (w[x].starts_with("--filter=")) filters.push_back(w[x].substr(9));
        }
        auto outer_scope = scope;
        if (!filters.empty()) scope = filters;
        struct RestoreScope {
          std::vector<std::string>& s;
          std::vector<std::string> saved;
          ~RestoreScope() { s = std::move(saved); }
        } restore{scope, std::move(outer_scope)};
        bool everywhere = std::any_of(w.begin(), w.end(), [](const std::string& x) {
          return x == "-r" || x == "--recursive" || x == "--workspaces" || x == "-ws" || x == "foreach" || x.starts_with("--filter") ||
                 x == "-F" || x.starts_with("--workspace");
        });
        if (pm && k + 1 < w.size()) {
          // pnpm -r test; pnpm -F web build (an option's value is no script)
          std::size_t a = core::pm_subcommand_at(w, k);
          if (a < w.size() && (w[a] == "workspaces")) {       // yarn workspaces foreach -A run test
            while (a < w.size() && w[a] != "run") ++a;
          }
          bool explicit_run = a < w.size() && (w[a] == "run" || w[a] == "run-script");
          if (explicit_run) a = core::pm_subcommand_at(w, k, a + 1);
          if (a < w.size()) {
            std::string name = w[a] == "t" ? "test" : w[a];
            // `bun test` is bun's own runner; `bun run test` runs the
            // package's "test" script (seen on elysiajs/elysia).
            if (cmd == "bun" && name == "test" && !explicit_run) {
              leaves.push_back({o, chain, std::string(core::trim_blanks(simple)), in ? in->dir : std::string()});
              continue;
            }
            static const std::set<std::string> k_pm_commands = {"install", "ci", "i", "add", "exec", "dlx", "publish", "audit",
                                                               "version", "pack", "link", "config", "cache", "set"};
            // `pnpm exec tsc`, `pnpm dlx x`, and `pnpm turbo run test` /
            // `yarn tsc` (pnpm and yarn run a binary when no script has the
            // name): the rest of the line is the command (seen on
            // openstatusHQ/openstatus: `pnpm turbo run test` ran no tests).
            auto has_script = [&](const std::string& script) {
              return std::any_of(manifests.begin(), manifests.end(), [&](const core::Manifest* m) {
                return (everywhere || m == in) && m->scripts.count(script) > 0;
              });
            };
            bool binary = !explicit_run && cmd != "npm" &&
                          (name == "exec" || name == "dlx" || (!k_pm_commands.count(name) && !has_script(name)));
            if (binary) {
              std::size_t b = name == "exec" || name == "dlx" ? a + 1 : a;
              while (b < w.size() && w[b].starts_with("-")) ++b;
              std::string line;
              for (std::size_t x = b; x < w.size(); ++x) line += (x > b ? " " : "") + core::shell_quote(w[x]);
              if (!line.empty()) walk(o, chain, line, in, depth + 1);
              continue;
            }
            if (explicit_run || !k_pm_commands.count(name)) {
              run_script(o, chain, name, in, everywhere, depth);
              continue;
            }
          }
        }
        if (cmd == "turbo" || cmd == "lerna" || cmd == "nx" || cmd == "run-s" || cmd == "run-p" || cmd == "npm-run-all" ||
            cmd == "concurrently") {
          for (std::size_t a = k + 1; a < w.size(); ++a) {
            std::string name = w[a];
            if (name.find(' ') != std::string::npos) {
              // a quoted command line (`concurrently "npm:lint" "vitest run"`)
              walk(o, chain, name, in, depth + 1);
              continue;
            }
            if (name.starts_with("--target=")) name = name.substr(9);
            else if (name.starts_with("-t=")) name = name.substr(3);
            else if (name.starts_with("npm:")) name = name.substr(4);
            if (name.starts_with("-") || name == "run" || name == "run-many" || name == "affected" || name == "exec") continue;
            run_script(o, chain, name, in, cmd != "run-s" && cmd != "run-p" && cmd != "npm-run-all" && cmd != "concurrently", depth);
          }
          continue;
        }
        // A shell script a package script runs (`"build": "./build.sh"`):
        // its lines run in turn (seen on hedgedoc/hedgedoc, whose build.sh
        // runs `nest build`, which type-checks).
        if (auto script = analyzers::shell_script_path(dir, w); script && facts.ci->shell_scripts.count(*script)) {
          std::string_view body = facts.ci->shell_scripts.at(*script);
          auto via = chain + " → " + *script;
          for (std::size_t from = 0; from < body.size();) {
            auto eol = body.find('\n', from);
            auto line = core::trim_blanks(body.substr(from, eol == std::string_view::npos ? std::string_view::npos : eol - from));
            from = eol == std::string_view::npos ? body.size() : eol + 1;
            if (line.empty() || line.starts_with("#")) continue;
            walk(o, via, std::string(line), in, depth + 1);
          }
          continue;
        }
        std::string rest;
        for (std::size_t a = k; a < w.size(); ++a) rest += (a > k ? " " : "") + w[a];
        leaves.push_back({o, chain, rest, in ? in->dir : std::string()});
      }
    };
    for (const auto& c : facts.ci->commands) {
      if (c.may_fail) continue;  // continue-on-error / allow_failure: it gates nothing
      expanded.clear();
      const core::Manifest* start = c.dir.empty() ? (project.root ? &*project.root : nullptr) : manifest_at(c.dir);
      walk(c, c.text, c.text, start, 0);
    }
    return leaves;
  }

  static bool starts_command(const std::string& text, const std::set<std::string>& names) {
    for (const auto& n : names) {
      if (text == n || text.starts_with(n + " ")) return true;
      // wrappers: c8 vitest, nyc mocha, node --test
      auto sp = text.find(' ');
      if (sp != std::string::npos && (text.starts_with("c8 ") || text.starts_with("nyc ")) &&
          (text.substr(sp + 1) == n || text.substr(sp + 1).starts_with(n + " "))) {
        return true;
      }
    }
    return text.starts_with("node ") && text.find("--test") != std::string::npos;
  }

  ChecklistItem tests_in_ci(const std::vector<Leaf>& leaves) {
    ChecklistItem it;
    it.remediation = "Keep a test suite and run it in CI on every change (a workflow step that runs the test script).";
    if (!facts.source) {
      it.reason = "the source was not scanned";
      return it;
    }
    std::size_t tests = 0;
    std::string example;
    for (const auto& f : facts.source->graph.files) {
      const auto& p = f.path;
      bool test = p.find(".test.") != std::string::npos || p.find(".spec.") != std::string::npos ||
                  ("/" + p).find("/__tests__/") != std::string::npos || ("/" + p).find("/test/") != std::string::npos ||
                  ("/" + p).find("/tests/") != std::string::npos || ("/" + p).find("/e2e/") != std::string::npos;
      if (test) {
        ++tests;
        if (example.empty()) example = p;
      }
    }
    auto runners = detectors().set("ci", "test_runners");
    const Leaf* ran = nullptr;
    for (const auto& l : leaves) {
      if (starts_command(l.text, runners)) {
        ran = &l;
        break;
      }
    }
    if (tests == 0) {
      it.verdict = Verdict::fail;
      it.reason = "no test files found (*.test.*, *.spec.*, __tests__/, test/)";
      return it;
    }
    if (ran) {
      it.verdict = Verdict::pass;
      it.reason = std::to_string(tests) + " test files; CI runs " + ran->text + " (" + ran->origin.file + ":" +
                  std::to_string(ran->origin.line) + (ran->chain != ran->text ? ", via " + ran->chain : "") + ")";
      it.evidence.push_back({ran->origin.file, ran->origin.line, 0, ran->chain});
      return it;
    }
    it.verdict = Verdict::partial;
    for (const auto& l : leaves) {
      if (!l.unresolved.starts_with("test")) continue;
      it.reason = std::to_string(tests) + " test files; CI runs " + l.chain + " (" + l.origin.file + ":" +
                  std::to_string(l.origin.line) + "), but no package.json where it runs defines \"" + l.unresolved +
                  "\", so what it runs is unknown";
      it.evidence.push_back({l.origin.file, l.origin.line, 0, l.chain});
      return it;
    }
    it.reason = std::to_string(tests) + " test files (e.g. " + example + "), but " +
                (facts.ci && !facts.ci->files.empty() ? "no CI step runs a test runner" : "no CI configuration");
    if (facts.ci) {
      for (const auto& f : facts.ci->files) it.evidence.push_back({f, 0, 0, "CI configuration"});
    }
    return it;
  }

  // Seen on umami: next.config.ts sets typescript.ignoreBuildErrors, so
  // `next build` type-checks nothing. Where the package's next.config says
  // so (read by the source analysis): its place.
  std::optional<ChecklistEvidence> next_ignores_type_errors(const std::string& dir) const {
    if (!facts.source) return std::nullopt;
    for (const auto& n : facts.source->next_ignores_type_errors) {
      if (n.dir == dir) return ChecklistEvidence{n.file, n.line, 0, "typescript.ignoreBuildErrors: true"};
    }
    return std::nullopt;
  }

  ChecklistItem typecheck_in_ci(const std::vector<Leaf>& leaves) {
    ChecklistItem it;
    it.remediation = "Run `tsc --noEmit` (or `tsc -b`) in CI — bundlers such as esbuild, swc, tsup and Node's type "
                     "stripping do not type-check — with \"strict\": true in the tsconfig the build uses.";
    if (!facts.source) {
      it.reason = "the source was not scanned";
      return it;
    }
    if (facts.source->ts_files == 0) {
      it.verdict = Verdict::not_applicable;
      it.reason = "no TypeScript";
      return it;
    }
    auto checkers = detectors().set("ci", "type_checkers");
    auto not_checkers = detectors().set("ci", "not_type_checkers");
    const Leaf* ran = nullptr;
    std::optional<ChecklistEvidence> ignored;  // a `next build` told to ignore type errors
    for (const auto& l : leaves) {
      if (starts_command(l.text, checkers) && !starts_command(l.text, not_checkers)) {
        if (l.text.starts_with("next build")) {
          if (auto at = next_ignores_type_errors(l.dir)) {
            if (!ignored) ignored = at;
            continue;
          }
        }
        ran = &l;
        break;
      }
    }
    std::size_t strict = 0, known = 0, loose_count = 0;
    std::string loose, unknown, why_loose;
    // A jsconfig.json configures editors for JavaScript; where tsconfig.json
    // files exist, they are what a type check reads (seen on
    // hoppscotch/hoppscotch: a root jsconfig.json holding only path aliases
    // was named as the project's loose config).
    bool any_tsconfig = std::any_of(facts.source->tsconfigs.begin(), facts.source->tsconfigs.end(), [](const auto& t) {
      return !dev_only_path(t.file) && !t.file.ends_with("jsconfig.json");
    });
    for (const auto& t : facts.source->tsconfigs) {
      if (dev_only_path(t.file)) continue;  // examples, test apps, tooling
      if (any_tsconfig && t.file.ends_with("jsconfig.json")) continue;
      if (t.unknown) {
        if (unknown.empty()) unknown = t.file;
        continue;
      }
      ++known;
      if (t.strict) {
        ++strict;
      } else {
        if (loose.empty()) {
          loose = t.file;
          why_loose = t.why_loose;
        }
        ++loose_count;
      }
    }
    std::string loose_file = loose;
    if (loose_count > 1) loose += " and " + std::to_string(loose_count - 1) + " more tsconfigs";
    bool is_strict = known > 0 && strict == known;
    std::string strict_note = is_strict ? "strict in " + std::to_string(known) + " tsconfig" + (known == 1 ? "" : "s")
                              : !loose.empty() ? loose + (loose_count > 1 ? " are" : " is") + " not strict (" +
                                                   (loose_count > 1 ? "the first: " : "") + why_loose + ")"
                              : !unknown.empty() ? "strictness unknown (" + unknown + " extends a config that is not installed)"
                                                 : "no tsconfig";
    std::string ci_note = ran ? ran->text + " in CI (" + ran->origin.file + ":" + std::to_string(ran->origin.line) + ")"
                          : ignored ? "no CI step type-checks: next build ignores type errors (" + loc(*ignored) + ")"
                                    : "no CI step type-checks";
    if (ran) it.evidence.push_back({ran->origin.file, ran->origin.line, 0, ran->chain});
    if (!ran && ignored) it.evidence.push_back(*ignored);
    if (!loose_file.empty()) it.evidence.push_back({loose_file, 0, 0, "not strict: " + why_loose});
    it.verdict = ran && is_strict ? Verdict::pass : (ran || is_strict) ? Verdict::partial : Verdict::fail;
    it.reason = ci_note + "; " + strict_note;
    return it;
  }

  // Applications that look like workers by name: a package whose name or
  // folder says worker(s), jobs or queue(s), or a script named for a worker.
  std::vector<ChecklistEvidence> worker_by_name() const {
    std::vector<ChecklistEvidence> out, scripts;  // applications by name first, then scripts
    if (!facts.project) return out;
    auto workerish = [](std::string_view word) {
      auto w = lower_copy(std::string(word));
      for (std::string_view k : {"worker", "jobs", "queue"}) {
        if (w.find(k) != std::string::npos) return true;
      }
      return false;
    };
    for (auto [m, root] : applications()) {
      auto folder = std::string_view(m->dir).substr(m->dir.rfind('/') == std::string::npos ? 0 : m->dir.rfind('/') + 1);
      auto bare = std::string_view(m->name).substr(m->name.find('/') == std::string::npos ? 0 : m->name.find('/') + 1);
      if (!root && (workerish(folder) || workerish(bare))) {
        out.push_back({m->path, 0, 0, "the application " + (m->name.empty() ? m->dir : m->name) + " is named as a worker"});
        continue;
      }
      // "worker", "start:worker", "worker:prod": a script that runs one,
      // not one that builds or tests it ("build:otlpworker").
      auto runs_worker = [](std::string_view name) {
        bool worker = false;
        for (std::size_t b = 0; b <= name.size();) {
          auto e = name.find_first_of(":-_.", b);
          if (e == std::string_view::npos) e = name.size();
          auto word = name.substr(b, e - b);
          if (word == "worker" || word == "workers") {
            worker = true;
          } else if (word != "start" && word != "run" && word != "prod" && word != "production") {
            return false;
          }
          b = e + 1;
        }
        return worker;
      };
      for (const auto& [name, command] : m->scripts) {
        if (runs_worker(name)) {
          scripts.push_back({m->path, 0, 0, "the script \"" + name + "\" (" + command + ") runs a worker"});
          break;
        }
      }
    }
    out.insert(out.end(), scripts.begin(), scripts.end());
    if (out.size() > 5) out.resize(5);
    return out;
  }

  ChecklistItem workers(const SourceView& v) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Give every queue retries with backoff, make jobs idempotent (job ids, dedup keys), keep failed "
                     "jobs (no removeOnFail: true) or send them to a dead-letter queue, and watch failures (events, a "
                     "board, metrics).";
    const auto queue_packages = d.set("workers", "packages");
    auto pkgs = v.imports_of(queue_packages);
    if (pkgs.empty()) {
      // Seen on karakeep (liteque) and trigger.dev (its own worker
      // packages): a worker application on a queue library archgate does not
      // know was called "not applicable". A worker application or script by
      // name makes the item not checked.
      if (auto w = worker_by_name(); !w.empty()) {
        it.verdict = Verdict::not_checked;
        it.reason = "no queue library archgate knows is imported, but " + w.front().note +
                    ": its queue library is not among the detectors (data/checklist-detectors.json, workers.packages)";
        it.evidence = std::move(w);
        return it;
      }
      it.verdict = Verdict::not_applicable;
      it.reason = "no queue or worker library in application code";
      return it;
    }
    std::set<std::uint32_t> queue_files;
    for (const auto& [pkg, files] : v.importers) {
      if (queue_packages.count(pkg)) queue_files.insert(files.begin(), files.end());
    }
    std::set<std::uint32_t> type_only_queue_files;
    // A job module that receives the queue as a parameter imports only its
    // type (`import type { Agenda } from "agenda"; export default (agenda:
    // Agenda) => agenda.define(...)`; seen on growthbook, whose 40 job
    // definitions went unseen and the item said no consumer is defined).
    for (const auto& e : v.src->graph.edges) {
      if (e.kind == core::ModuleEdgeKind::type && e.resolved == core::Resolved::package && v.production[e.from] &&
          queue_packages.count(e.to)) {
        type_only_queue_files.insert(e.from);
      }
    }
    for (auto f : queue_files) type_only_queue_files.erase(f);
    // There, the receiver has to name a queue: `agenda.define()`, not an
    // Angular component's `().subscribe()` beside a type import (seen on
    // ghostfolio).
    auto names_queue = [](std::string_view callee) {
      if (callee.starts_with("this.")) callee.remove_prefix(5);
      auto head = lower_copy(std::string(callee.substr(0, callee.find('.'))));
      for (std::string_view w : {"agenda", "queue", "worker", "boss", "consumer", "channel", "kafka", "job", "temporal"}) {
        if (head.find(w) != std::string::npos) return true;
      }
      return false;
    };
    auto consumers = d.set("workers", "consumer_calls");
    auto decos = d.set("workers", "consumer_decorators");
    auto retry = d.set("workers", "retry_keys"), backoff = d.set("workers", "backoff_keys");
    auto idem = d.set("workers", "idempotency_keys"), dlq = d.set("workers", "dead_letter_keys");
    auto mon_calls = d.set("workers", "monitoring_calls"), mon_events = d.set("workers", "monitoring_events");
    std::vector<ChecklistEvidence> consumer_at, discard_at;
    ChecklistEvidence retry_at, backoff_at, idem_at, dlq_at, mon_at;
    auto key_name = [](const std::string& path) { return std::string(last_segment(path)); };
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      if (type_only_queue_files.count(f)) {
        if (callee_matches(c.callee, consumers) && names_queue(c.callee) && consumer_at.size() < 5) {
          consumer_at.push_back(at(v, f, c.pos, c.callee + "()"));
        }
        return;
      }
      if (!queue_files.count(f)) return;
      if (callee_matches(c.callee, consumers) && consumer_at.size() < 5) consumer_at.push_back(at(v, f, c.pos, c.callee + "()"));
      for (const auto& k : c.keys) {
        auto name = key_name(k.path);
        if (retry.count(name) && retry_at.file.empty()) retry_at = at(v, f, c.pos, k.path);
        if (backoff.count(name) && backoff_at.file.empty()) backoff_at = at(v, f, c.pos, k.path);
        if (idem.count(name) && idem_at.file.empty()) idem_at = at(v, f, c.pos, k.path);
        if (dlq.count(name) && dlq_at.file.empty()) dlq_at = at(v, f, c.pos, k.path);
        if (name == "removeOnFail" && k.value == "true") discard_at.push_back(at(v, f, c.pos, k.path + ": true"));
      }
      if ((callee_matches(c.callee, mon_calls) ||
           (last_segment(c.callee) == "on" && !c.args.empty() && (c.literal_mask & 1u) && mon_events.count(c.args[0]))) &&
          mon_at.file.empty()) {
        mon_at = at(v, f, c.pos, c.callee + (c.args.empty() ? "()" : "('" + c.args[0] + "')"));
      }
    });
    v.each_decorator([&](std::uint32_t f, const analyzers::source::DecoratorFact& dec) {
      if (decos.count(std::string(last_segment(dec.name))) && consumer_at.size() < 5) {
        consumer_at.push_back(at(v, f, dec.pos, "@" + dec.name + "(" + (dec.arg.empty() ? "" : "'" + dec.arg + "'") + ")"));
      }
    });
    if (consumer_at.empty()) {
      it.verdict = Verdict::not_applicable;
      it.reason = pkgs.front().first + " is imported (" + v.path(pkgs.front().second) + ") but no consumer is defined";
      return it;
    }
    std::vector<std::string> have, missing;
    auto judge = [&](bool ok, const std::string& name, const ChecklistEvidence* e) {
      (ok ? have : missing).push_back(name);
      if (ok && e && !e->file.empty()) it.evidence.push_back(*e);
    };
    judge(!retry_at.file.empty() && !backoff_at.file.empty(), "retries with backoff", &retry_at);
    judge(!idem_at.file.empty(), "idempotency keys", &idem_at);
    judge(discard_at.empty(), "failed jobs kept", nullptr);
    judge(!dlq_at.file.empty(), "a dead-letter path", &dlq_at);
    judge(!mon_at.file.empty(), "failure monitoring", &mon_at);
    it.evidence.insert(it.evidence.begin(), consumer_at.front());
    for (const auto& e : discard_at) it.evidence.push_back(e);
    it.verdict = missing.empty() ? Verdict::pass : missing.size() <= 2 ? Verdict::partial : Verdict::fail;
    std::string list;
    for (std::size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
    it.reason = std::to_string(consumer_at.size()) + " consumer" + (consumer_at.size() == 1 ? "" : "s") + " (" +
                consumer_at.front().note + " at " + loc(consumer_at.front()) + ")" +
                (missing.empty() ? "; retries with backoff, idempotency keys, failures kept, a dead-letter path, monitoring"
                                 : "; missing: " + list);
    if (!discard_at.empty()) it.reason += " (" + discard_at.front().note + " at " + loc(discard_at.front()) + " discards failures)";
    if (it.evidence.size() > 6) it.evidence.resize(6);
    return it;
  }

  ChecklistItem secrets_config(const SourceView& v, const Servers& srv) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Keep secrets out of the repository (.gitignore the .env, rotate what was committed) and "
                     "validate the environment once at start-up with a schema (envalid, zod over process.env, "
                     "@nestjs/config validationSchema) so a missing variable stops the deploy, not a request.";
    const auto& src = *v.src;
    std::vector<ChecklistEvidence> leaks;
    for (const auto& f : src.secret_files) {
      if (dev_only_path(f.path)) continue;  // test fixtures and documented examples
      std::string_view base = std::string_view(f.path).substr(f.path.rfind('/') == std::string::npos ? 0 : f.path.rfind('/') + 1);
      std::string kind = base.starts_with(".env") ? "a committed .env " : "committed CI configuration ";
      leaks.push_back({f.path, f.line, 0, f.line ? kind + f.what : "a committed " + f.what});
    }
    for (const auto& h : src.secrets) {
      if (!v.production[h.file] && dev_only_path(v.path(h.file))) continue;  // test fixtures
      leaks.push_back(at(v, h.file, h.pos, "a hard-coded " + h.kind));
    }
    // Configuration: is process.env read, and is it validated?
    // The examples come first from what the servers run (the files that
    // start one and what they import at run time), then from the rest: a
    // release script's read (uptime-kuma's extra/checkout-pr.mjs) is a
    // poorer example than the server's own configuration.
    std::vector<ChecklistEvidence> env_reads, validation;
    {
      const auto served = reach_from(v, srv.file_ids, [](const core::ModuleEdge&, std::size_t) { return true; });
      for (int pass = 0; pass < 2; ++pass) {
        for (std::uint32_t i = 0; i < src.scans.size(); ++i) {
          if (!v.production[i] || (served[i] != -2) != (pass == 0)) continue;
          for (const auto& m : src.scans[i].members) {
            if (m.path.starts_with("process.env") && env_reads.size() < 3) env_reads.push_back(at(v, i, m.pos, m.path));
          }
        }
      }
    }
    for (const auto& [pkg, file] : v.imports_of(d.set("secrets_config", "validators"))) {
      validation.push_back({v.path(file), 0, 0, "imports " + pkg});
    }
    auto keys = d.set("secrets_config", "validator_keys");
    auto parse_calls = d.set("secrets_config", "parse_calls");
    auto schemas = d.set("input_validation", "packages");
    // A schema library's parse over the whole environment:
    // `z.object({...}).parse(process.env)` (a file that reads process.env
    // itself, imports a schema library and parses).
    std::set<std::uint32_t> schema_files;
    for (const auto& [pkg, files] : v.importers) {
      if (schemas.count(pkg)) schema_files.insert(files.begin(), files.end());
    }
    // (or its variables one by one into the parse: `schema.safeParse({ port:
    // process.env.PORT, ... })`, seen on hedgedoc/hedgedoc's config files).
    std::set<std::uint32_t> whole_env, env_vars;
    for (auto f : schema_files) {
      for (const auto& m : src.scans[f].members) {
        if (m.path == "process.env") whole_env.insert(f);
        if (m.path.starts_with("process.env.")) env_vars.insert(f);
      }
    }
    // Variables one by one: only a schema's own parse (not app.get()).
    auto schema_parse = d.set("secrets_config", "schema_parse_calls");
    // First the parse whose argument is process.env itself: in a file that
    // also parses other values, that is the evidence (seen on trigger.dev:
    // MachinePresetName.safeParse(name) was cited where the same file has
    // EnvironmentSchema.parse(process.env)).
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      bool over_env = std::any_of(c.idents.begin(), c.idents.end(),
                                  [](const auto& a) { return a.first == 0 && a.second == "process.env"; });
      if (over_env && whole_env.count(f) && parse_calls.count(std::string(last_segment(c.callee)))) {
        validation.push_back(at(v, f, c.pos, c.callee + "(process.env)"));
        whole_env.erase(f);
        env_vars.erase(f);
      }
    });
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      // ConfigModule.forRoot({ validationSchema }) in a file that imports
      // @nestjs/config (a markdown-it plugin's { validate } option is not
      // configuration validation; seen on hedgedoc/hedgedoc).
      if (!c.keys.empty() && v.imports_in("@nestjs/config", f)) {
        for (const auto& k : c.keys) {
          if (keys.count(k.path)) validation.push_back(at(v, f, c.pos, c.callee + "({ " + k.path + " })"));
        }
      }
      if (whole_env.count(f) && parse_calls.count(std::string(last_segment(c.callee))) && c.callee != "JSON.parse") {
        validation.push_back(at(v, f, c.pos, c.callee + "() over process.env"));
        whole_env.erase(f);
        env_vars.erase(f);
      } else if (env_vars.count(f) && c.callee.find('.') != std::string::npos &&
                 schema_parse.count(std::string(last_segment(c.callee))) && c.callee != "JSON.parse" && !c.keys.empty()) {
        // schema.safeParse({ port: process.env.PORT, ... })
        validation.push_back(at(v, f, c.pos, c.callee + "() over process.env variables"));
        env_vars.erase(f);
      }
    });
    if (!leaks.empty()) {
      it.verdict = Verdict::fail;
      it.reason = leaks.front().note + " (" + (leaks.front().file.empty() ? "" : loc(leaks.front())) + ")" +
                  (leaks.size() > 1 ? " and " + std::to_string(leaks.size() - 1) + " more" : "");
      it.evidence = leaks;
    } else if (!env_reads.empty() && validation.empty()) {
      it.verdict = Verdict::partial;
      it.reason = "no committed secrets found, but the environment is read unvalidated (e.g. " + env_reads.front().note +
                  " at " + loc(env_reads.front()) + ")";
      it.evidence = env_reads;
    } else {
      it.verdict = Verdict::pass;
      it.reason = std::string("no committed secrets found") +
                  (validation.empty() ? "; no environment configuration read"
                                      : "; configuration validated (" + validation.front().note + ", " + loc(validation.front()) + ")");
      it.evidence = validation;
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }

  ChecklistItem observability(const SourceView& v, const Servers& srv) {
    const auto& d = detectors();
    ChecklistItem it;
    it.remediation = "Log with a structured logger (pino, winston) with request ids, export metrics "
                     "(prom-client, OpenTelemetry) and traces, and keep console.* out of production code.";
    if (no_server(it, srv)) return it;
    auto loggers = v.imports_of(d.set("observability", "structured_loggers"));
    auto metrics = v.imports_of(d.set("observability", "metrics"));
    auto tracing = v.imports_of(d.set("observability", "tracing"));
    auto console_calls = d.set("observability", "console_calls");
    std::vector<ChecklistEvidence> consoles;
    std::size_t console_count = 0;
    v.each_call([&](std::uint32_t f, const analyzers::source::CallFact& c) {
      // console.* in the packages that serve: a frontend's console calls in
      // the same repository are not the service's logging (seen on
      // hoppscotch/hoppscotch: 568 counted, most of them in Vue code).
      // A "use client" component runs in the browser, not the server (seen on
      // openstatus: a Next.js app's client components counted as server logging).
      if (console_calls.count(c.callee) && srv.serves(v, f) && !v.src->scans[f].use_client) {
        ++console_count;
        if (consoles.size() < 3) consoles.push_back(at(v, f, c.pos, c.callee + "()"));
      }
      // Fastify({ logger: true }) is pino, built in.
      if (loggers.empty() && (c.callee == "fastify" || c.callee == "Fastify" || c.callee == "fastify.default")) {
        for (const auto& k : c.keys) {
          if ((k.path == "logger" || k.path.starts_with("logger.")) && k.value != "false") {
            loggers.emplace_back("pino (Fastify's logger)", f);
            break;
          }
        }
      }
    });
    for (const auto& [pkg, file] : loggers) it.evidence.push_back({v.path(file), 0, 0, "imports " + pkg});
    for (const auto& [pkg, file] : metrics) it.evidence.push_back({v.path(file), 0, 0, "imports " + pkg});
    std::string parts;
    if (!loggers.empty()) parts = loggers.front().first;
    if (!metrics.empty() || !tracing.empty()) {
      parts += std::string(parts.empty() ? "" : " with ") + (!metrics.empty() ? metrics.front().first : tracing.front().first);
    }
    std::string console_note =
        console_count ? std::to_string(console_count) + " console call" + (console_count == 1 ? "" : "s") + " in server code" : "";
    if (loggers.empty() && metrics.empty() && tracing.empty()) {
      it.verdict = Verdict::fail;
      it.reason = "no structured logger" + (console_note.empty() ? std::string() : "; " + console_note);
      it.evidence.insert(it.evidence.end(), consoles.begin(), consoles.end());
    } else if (loggers.empty()) {
      // Metrics or tracing without a known logger library: half the job
      // (seen on trigger.dev, whose own JSON logger no list can name).
      for (const auto& [pkg, file] : tracing) {
        if (metrics.empty()) it.evidence.push_back({v.path(file), 0, 0, "imports " + pkg});
      }
      it.verdict = Verdict::partial;
      it.reason = parts + ", but no structured logger library (pino, winston, …)" +
                  (console_note.empty() ? std::string() : "; " + console_note);
      it.evidence.insert(it.evidence.end(), consoles.begin(), consoles.end());
    } else if (metrics.empty() && tracing.empty()) {
      it.verdict = Verdict::partial;
      it.reason = parts + "; no metrics or tracing" + (console_note.empty() ? "" : "; " + console_note);
    } else if (console_count > 5) {
      it.verdict = Verdict::partial;
      it.reason = parts + "; " + console_note;
      it.evidence.insert(it.evidence.end(), consoles.begin(), consoles.end());
    } else {
      it.verdict = Verdict::pass;
      it.reason = parts + (console_note.empty() ? "" : "; " + console_note);
    }
    if (it.evidence.size() > 5) it.evidence.resize(5);
    return it;
  }
};

}  // namespace

void build_checklist(const analyzers::Facts& facts, core::AuditResult& result) {
  Builder b{facts, result};
  std::map<std::string_view, ChecklistItem> built;
  built["runtime-pins"] = b.runtime_pins();
  built["native-platform"] = b.native_platform();
  built["dependency-hygiene"] = b.dependency_hygiene();
  built["cycles"] = b.cycles();
  if (facts.source) {
    SourceView v(*facts.source, *facts.project);
    auto srv = b.servers(v);
    built["graceful-shutdown"] = b.graceful_shutdown(v, srv);
    built["error-handling"] = b.error_handling(v, srv);
    auto rt = b.routes(v);
    built["health-checks"] = b.health_checks(v, srv, rt);
    built["observability"] = b.observability(v, srv);
    built["secrets-config"] = b.secrets_config(v, srv);
    built["workers"] = b.workers(v);
    built["input-validation"] = b.input_validation(v, srv, rt);
    built["request-path"] = b.request_path(v, srv, rt);
    built["ownership"] = b.ownership(v, srv, rt);
  }
  built["containers"] = b.containers();
  auto leaves = b.ci_leaves();
  built["tests-in-ci"] = b.tests_in_ci(leaves);
  built["typecheck-in-ci"] = b.typecheck_in_ci(leaves);
  result.checklist.clear();
  for (const auto& info : core::checklist_items()) {
    ChecklistItem item;
    if (auto it = built.find(info.id); it != built.end()) {
      item = std::move(it->second);
    } else {
      item.verdict = Verdict::not_checked;
      item.reason = facts.source || info.id == "tests-in-ci" || info.id == "typecheck-in-ci"
                        ? "no detector yet"
                        : "the source was not scanned";
    }
    for (const auto& [id, why] : facts.settings.checklist_skip) {
      if (id != info.id) continue;
      item = ChecklistItem{};
      item.verdict = Verdict::not_applicable;
      item.reason = "skipped in " + (facts.settings.file.empty() ? std::string("archgate.toml") : facts.settings.file) +
                    (why.empty() ? std::string() : ": " + why);
    }
    item.id = std::string(info.id);
    item.title = std::string(info.title);
    result.checklist.push_back(std::move(item));
  }
}

}  // namespace archgate::rules
