#include "core/node_schedule.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/embedded.hpp"
#include "core/http.hpp"

namespace archgate::core {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  if (s.empty()) {
    return std::nullopt;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<Day> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') {
    return std::nullopt;
  }
  auto y = to_int(s.substr(0, 4));
  auto m = to_int(s.substr(5, 2));
  auto d = to_int(s.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *d < 1) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year{*y},
                                  std::chrono::month{static_cast<unsigned>(*m)},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return Day{ymd};
}

std::string format_day(Day d) {
  std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<Day> day_or_today(std::string_view s) {
  if (s.empty()) {
    return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  }
  return parse_day(s);
}

std::string_view to_string(LineStatus status) {
  switch (status) {
    case LineStatus::planned:
      return "planned";
    case LineStatus::alpha:
      return "alpha";
    case LineStatus::current:
      return "current";
    case LineStatus::active_lts:
      return "active-lts";
    case LineStatus::maintenance:
      return "maintenance";
    case LineStatus::maintenance_lts:
      return "maintenance-lts";
    case LineStatus::end_of_life:
      return "end-of-life";
  }
  return "unknown";
}

bool is_supported(LineStatus status) {
  return status != LineStatus::planned && status != LineStatus::end_of_life;
}

std::string ReleaseLine::label() const {
  return minor >= 0 ? std::to_string(major) + "." + std::to_string(minor) : std::to_string(major);
}

namespace {

struct VersionParts {
  std::array<long, 3> nums{0, 0, 0};
  std::string_view pre;
};

std::optional<VersionParts> split_version(std::string_view v) {
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) {
    v.remove_prefix(1);
  }
  VersionParts out;
  auto dash = v.find_first_of("-+");
  std::string_view core = v.substr(0, dash);
  if (dash != std::string_view::npos && v[dash] == '-') {
    out.pre = v.substr(dash + 1);
    auto plus = out.pre.find('+');
    out.pre = out.pre.substr(0, plus);
  }
  for (int i = 0; i < 3; ++i) {
    auto dot = core.find('.');
    auto part = core.substr(0, dot);
    auto n = to_int(part);
    if (!n || *n < 0) {
      return std::nullopt;
    }
    out.nums[static_cast<std::size_t>(i)] = *n;
    if (dot == std::string_view::npos) {
      if (i != 2) {
        return std::nullopt;
      }
      core = {};
    } else {
      if (i == 2) {
        return std::nullopt;
      }
      core.remove_prefix(dot + 1);
    }
  }
  return out;
}

// Prerelease identifiers compare numerically when both are numbers, else
// as text; a shorter list that is a prefix sorts first (semver 2.0 §11).
int compare_pre(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) {
    return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
  }
  while (true) {
    auto da = a.find('.');
    auto db = b.find('.');
    auto pa = a.substr(0, da);
    auto pb = b.substr(0, db);
    auto na = to_int(pa);
    auto nb = to_int(pb);
    int c = 0;
    if (na && nb) {
      c = (*na > *nb) - (*na < *nb);
    } else if (na || nb) {
      c = na ? -1 : 1;
    } else {
      c = pa.compare(pb);
      c = (c > 0) - (c < 0);
    }
    if (c != 0) {
      return c;
    }
    if (da == std::string_view::npos || db == std::string_view::npos) {
      return (da == std::string_view::npos) == (db == std::string_view::npos)
                 ? 0
                 : (da == std::string_view::npos ? -1 : 1);
    }
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

}  // namespace

int compare_release_versions(std::string_view a, std::string_view b) {
  auto pa = split_version(a);
  auto pb = split_version(b);
  if (!pa || !pb) {
    int c = a.compare(b);
    return (c > 0) - (c < 0);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    if (pa->nums[i] != pb->nums[i]) {
      return pa->nums[i] < pb->nums[i] ? -1 : 1;
    }
  }
  return compare_pre(pa->pre, pb->pre);
}

// Why it works this way: the schedule gives each line up to five dates
// (alpha, start, lts, maintenance, end), always in that order when present,
// and each one is the first day of a new phase. So the status on a day is
// the phase of the last date on or before it. Missing dates are simply not
// phase changes: odd lines (no lts) go current → maintenance → end-of-life,
// the v0.x lines current → end-of-life, and lines from 27 on (alpha, no
// maintenance) alpha → current → active LTS → end-of-life. A maintenance
// date on a line without lts is the non-LTS `maintenance` phase.
LineStatus NodeSchedule::status(const ReleaseLine& line, Day today) {
  LineStatus s = LineStatus::planned;
  if (line.alpha && *line.alpha <= today) {
    s = LineStatus::alpha;
  }
  if (line.start && *line.start <= today) {
    s = LineStatus::current;
  }
  if (line.lts && *line.lts <= today) {
    s = LineStatus::active_lts;
  }
  if (line.maintenance && *line.maintenance <= today) {
    s = line.lts ? LineStatus::maintenance_lts : LineStatus::maintenance;
  }
  if (line.end && *line.end <= today) {
    s = LineStatus::end_of_life;
  }
  return s;
}

std::optional<Transition> NodeSchedule::next_transition(const ReleaseLine& line, Day today) {
  const std::array<std::pair<const std::optional<Day>*, LineStatus>, 5> phases{{
      {&line.alpha, LineStatus::alpha},
      {&line.start, LineStatus::current},
      {&line.lts, LineStatus::active_lts},
      {&line.maintenance, line.lts ? LineStatus::maintenance_lts : LineStatus::maintenance},
      {&line.end, LineStatus::end_of_life},
  }};
  for (const auto& [date, to] : phases) {
    if (*date && **date > today) {
      return Transition{to, **date};
    }
  }
  return std::nullopt;
}

const ReleaseLine* NodeSchedule::line(int major) const {
  for (const auto& l : lines) {
    if (l.major == major && l.minor < 0) {
      return &l;
    }
  }
  return nullptr;
}

const ReleaseLine* NodeSchedule::by_codename(std::string_view name) const {
  if (name.empty()) {
    return nullptr;
  }
  for (const auto& l : lines) {
    if (iequals(l.codename, name)) {
      return &l;
    }
  }
  return nullptr;
}

const ReleaseLine* NodeSchedule::latest_lts(Day today, int back) const {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it->lts && *it->lts <= today) {
      if (back == 0) {
        return &*it;
      }
      --back;
    }
  }
  return nullptr;
}

const ReleaseLine* NodeSchedule::newest_released(Day today) const {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it->start && *it->start <= today) {
      return &*it;
    }
  }
  return nullptr;
}

const ReleaseLine* NodeSchedule::recommended(Day today) const {
  const ReleaseLine* maintenance = nullptr;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    auto s = status(*it, today);
    if (s == LineStatus::active_lts) {
      return &*it;
    }
    if (s == LineStatus::maintenance_lts && !maintenance) {
      maintenance = &*it;
    }
  }
  return maintenance;
}

const Release* NodeSchedule::latest_release(int major) const {
  for (auto it = releases.rbegin(); it != releases.rend(); ++it) {
    if (it->major == major && !it->prerelease) {
      return &*it;
    }
  }
  return nullptr;
}

const Release* NodeSchedule::latest_security_release(int major) const {
  for (auto it = releases.rbegin(); it != releases.rend(); ++it) {
    if (it->major == major && it->security && !it->prerelease) {
      return &*it;
    }
  }
  return nullptr;
}

const ReleaseLine* NodeSchedule::resolve_alias(std::string_view alias, Day today) const {
  std::string a;
  for (char c : alias) {
    a.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (a == "lts/*" || a == "lts" || a == "lts/latest") {
    return latest_lts(today);
  }
  if (a == "node" || a == "latest" || a == "current" || a == "stable") {
    return newest_released(today);
  }
  if (a.starts_with("lts/-")) {
    auto n = to_int(std::string_view(a).substr(5));
    return n && *n >= 0 ? latest_lts(today, *n) : nullptr;
  }
  if (a.starts_with("lts/")) {
    return by_codename(std::string_view(a).substr(4));
  }
  return by_codename(a);
}

namespace {

Result<std::optional<Day>> json_day(const nlohmann::json& obj, const char* field,
                                    const std::string& file, const std::string& key) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    return std::optional<Day>{};
  }
  if (!it->is_string()) {
    return fail(file, "\"" + key + "\"." + field + ": expected a date string YYYY-MM-DD");
  }
  auto d = parse_day(it->get_ref<const std::string&>());
  if (!d) {
    return fail(file, "\"" + key + "\"." + field + ": expected a date YYYY-MM-DD, got \"" +
                          it->get<std::string>() + "\"");
  }
  return std::optional<Day>{*d};
}

// Line and column of a byte offset, for JSON syntax errors.
std::pair<int, int> line_col(std::string_view text, std::size_t offset) {
  int line = 1;
  int col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Result<nlohmann::json> parse_json_doc(std::string_view text, const std::string& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    auto [l, c] = line_col(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    auto pos = what.find("syntax error");
    return fail(file, "invalid JSON: " + (pos == std::string::npos ? what : what.substr(pos)), l,
                c);
  }
}

}  // namespace

Result<NodeSchedule> parse_schedule(std::string_view schedule_json, std::string_view releases_json,
                                    std::string schedule_file, std::string releases_file) {
  NodeSchedule out;
  auto sched = parse_json_doc(schedule_json, schedule_file);
  if (!sched) {
    return std::unexpected(sched.error());
  }
  if (!sched->is_object() || sched->empty()) {
    return fail(schedule_file, "expected an object of release lines (\"v20\": {...})", 1, 1);
  }
  for (const auto& [key, val] : sched->items()) {
    if (key.size() < 2 || key[0] != 'v') {
      return fail(schedule_file, "expected a release line key like \"v20\", got \"" + key + "\"");
    }
    if (!val.is_object()) {
      return fail(schedule_file, "\"" + key + "\": expected an object");
    }
    ReleaseLine line;
    line.key = key;
    std::string_view num = std::string_view(key).substr(1);
    auto dot = num.find('.');
    auto major = to_int(num.substr(0, dot));
    std::optional<int> minor;
    if (dot != std::string_view::npos) {
      minor = to_int(num.substr(dot + 1));
    }
    if (!major || (dot != std::string_view::npos && !minor)) {
      return fail(schedule_file, "expected a release line key like \"v20\", got \"" + key + "\"");
    }
    line.major = *major;
    line.minor = minor.value_or(-1);
    for (auto [field, target] : std::array<std::pair<const char*, std::optional<Day>*>, 5>{{
             {"alpha", &line.alpha},
             {"start", &line.start},
             {"lts", &line.lts},
             {"maintenance", &line.maintenance},
             {"end", &line.end},
         }}) {
      auto d = json_day(val, field, schedule_file, key);
      if (!d) {
        return std::unexpected(d.error());
      }
      *target = *d;
    }
    if (!line.start && !line.alpha) {
      return fail(schedule_file, "\"" + key + "\": expected a \"start\" or \"alpha\" date");
    }
    if (auto it = val.find("codename"); it != val.end() && it->is_string()) {
      line.codename = it->get<std::string>();
    }
    out.lines.push_back(std::move(line));
  }
  std::sort(out.lines.begin(), out.lines.end(), [](const ReleaseLine& a, const ReleaseLine& b) {
    return std::pair(a.major, a.minor) < std::pair(b.major, b.minor);
  });

  auto rel = parse_json_doc(releases_json, releases_file);
  if (!rel) {
    return std::unexpected(rel.error());
  }
  if (!rel->is_array()) {
    return fail(releases_file, "expected an array of releases", 1, 1);
  }
  out.releases.reserve(rel->size());
  std::size_t index = 0;
  for (const auto& r : *rel) {
    std::string where = "release #" + std::to_string(index++);
    if (!r.is_object()) {
      return fail(releases_file, where + ": expected an object");
    }
    auto v = r.find("version");
    auto d = r.find("date");
    if (v == r.end() || !v->is_string() || d == r.end() || !d->is_string()) {
      return fail(releases_file, where + ": expected \"version\" and \"date\" strings");
    }
    Release x;
    x.version = v->get<std::string>();
    if (!x.version.empty() && x.version[0] == 'v') {
      x.version.erase(0, 1);
    }
    auto parts = split_version(x.version);
    auto day = parse_day(d->get_ref<const std::string&>());
    if (!parts || !day) {
      return fail(releases_file, where + ": expected a version X.Y.Z and a date YYYY-MM-DD, got \"" +
                                     x.version + "\" / \"" + d->get<std::string>() + "\"");
    }
    x.major = static_cast<int>(parts->nums[0]);
    x.minor = static_cast<int>(parts->nums[1]);
    x.patch = static_cast<int>(parts->nums[2]);
    x.prerelease = !parts->pre.empty();
    x.date = *day;
    if (auto l = r.find("lts"); l != r.end() && l->is_string()) {
      x.lts = l->get<std::string>();
    }
    if (auto s = r.find("security"); s != r.end() && s->is_boolean()) {
      x.security = s->get<bool>();
    }
    if (!out.data_date || x.date > *out.data_date) {
      out.data_date = x.date;
    }
    out.releases.push_back(std::move(x));
  }
  std::sort(out.releases.begin(), out.releases.end(), [](const Release& a, const Release& b) {
    return compare_release_versions(a.version, b.version) < 0;
  });
  return out;
}

const NodeSchedule& embedded_schedule() {
  static const NodeSchedule schedule = [] {
    auto s = parse_schedule(embedded_file("node-release-schedule.json"),
                            embedded_file("node-releases.json"));
    if (!s) {
      throw FatalError{Error{"(embedded) " + s.error().file, s.error().line, s.error().column,
                             s.error().message}};
    }
    s->source = "embedded";
    return std::move(*s);
  }();
  return schedule;
}

std::string default_cache_dir() {
  if (const char* d = std::getenv("ARCHGATE_CACHE_DIR"); d && *d) {
    return d;
  }
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) {
    return std::string(d) + "/archgate";
  }
  if (const char* d = std::getenv("HOME"); d && *d) {
    return std::string(d) + "/.cache/archgate";
  }
  return {};
}

namespace {

std::optional<std::string> read_whole(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

LoadedSchedule load_schedule(std::string_view cache_dir) {
  LoadedSchedule out{embedded_schedule(), {}};
  if (cache_dir.empty()) {
    return out;
  }
  std::filesystem::path dir{std::string(cache_dir)};
  auto sp = dir / std::string(k_cache_schedule_file);
  auto rp = dir / std::string(k_cache_releases_file);
  std::error_code ec;
  if (!std::filesystem::exists(sp, ec) || !std::filesystem::exists(rp, ec)) {
    return out;
  }
  auto st = read_whole(sp);
  auto rt = read_whole(rp);
  if (!st || !rt) {
    out.cache_warning = "cannot read the cached schedule in " + dir.string();
    return out;
  }
  auto cached = parse_schedule(*st, *rt, sp.string(), rp.string());
  if (!cached) {
    out.cache_warning = "ignoring the cached schedule: " + cached.error().to_string();
    return out;
  }
  if (cached->data_date && (!out.schedule.data_date || *cached->data_date > *out.schedule.data_date)) {
    cached->source = "cache " + dir.string();
    out.schedule = std::move(*cached);
  }
  return out;
}

namespace {

struct SplitUrl {
  std::string scheme_host_port;
  std::string path;
};

std::optional<SplitUrl> split_url(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::nullopt;
  }
  auto scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return std::nullopt;
  }
  auto path_start = url.find('/', scheme_end + 3);
  SplitUrl out;
  out.scheme_host_port = std::string(url.substr(0, path_start));
  out.path = path_start == std::string_view::npos ? "/" : std::string(url.substr(path_start));
  if (out.scheme_host_port.size() <= scheme_end + 3) {
    return std::nullopt;
  }
  return out;
}

Result<std::string> http_get(const std::string& url, int timeout_seconds) {
  auto parts = split_url(url);
  if (!parts) {
    return fail(url, "expected an http:// or https:// URL");
  }
  http::Options o;
  o.follow_redirects = true;
  o.connect_timeout = o.read_timeout = std::chrono::seconds(timeout_seconds);
  auto client = http::connect(parts->scheme_host_port, o);
  if (!client) {
    return fail(url, client.error());
  }
  auto res = (*client)->get(parts->path, {});
  if (!res) {
    return fail(url, "request failed: " + res.error());
  }
  if (res->status != 200) {
    return fail(url, "HTTP status " + std::to_string(res->status));
  }
  return std::move(res->body);
}

bool write_atomically(const std::filesystem::path& p, const std::string& text) {
  auto tmp = p;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      return false;
    }
    f << text;
    if (!f) {
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, p, ec);
  return !ec;
}

}  // namespace

Result<UpdateSummary> update_schedule_cache(const UpdateOptions& options) {
  if (options.cache_dir.empty()) {
    return fail("", "no cache folder: set --cache-dir, ARCHGATE_CACHE_DIR, XDG_CACHE_HOME or HOME");
  }
  auto sched = http_get(options.schedule_url, options.timeout_seconds);
  if (!sched) {
    return std::unexpected(sched.error());
  }
  auto rel = http_get(options.releases_url, options.timeout_seconds);
  if (!rel) {
    return std::unexpected(rel.error());
  }
  auto parsed = parse_schedule(*sched, *rel, options.schedule_url, options.releases_url);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  std::filesystem::path dir{options.cache_dir};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(dir.string(), "cannot create the cache folder: " + ec.message());
  }
  if (!write_atomically(dir / std::string(k_cache_schedule_file), *sched) ||
      !write_atomically(dir / std::string(k_cache_releases_file), *rel)) {
    return fail(dir.string(), "cannot write the cached schedule");
  }
  UpdateSummary s;
  s.lines = parsed->lines.size();
  s.releases = parsed->releases.size();
  s.data_date = parsed->data_date;
  s.cache_dir = dir.string();
  return s;
}

}  // namespace archgate::core
