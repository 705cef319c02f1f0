// core/node_schedule: line status on many dates against the reference
// schedule, aliases, releases, cache merge, and `schedule --update` against
// a local HTTP server.
#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

#include "core/node_schedule.hpp"
#include "test_support.hpp"

using namespace archgate;
using core::LineStatus;
using core::NodeSchedule;

namespace {

core::Day day(const char* s) {
  auto d = core::parse_day(s);
  REQUIRE(d);
  return *d;
}

LineStatus status_of(int major, const char* on) {
  const auto* l = core::embedded_schedule().line(major);
  REQUIRE(l);
  return NodeSchedule::status(*l, day(on));
}

// An independent reading of the schedule: ISO dates compare as strings,
// and the phase is the last of alpha/start/lts/maintenance/end that is on
// or before the day.
std::string reference_status(const nlohmann::json& line, const std::string& today) {
  auto has = [&](const char* f) { return line.contains(f) && line[f].is_string(); };
  auto reached = [&](const char* f) { return has(f) && line[f].get<std::string>() <= today; };
  if (reached("end")) {
    return "end-of-life";
  }
  if (reached("maintenance")) {
    return has("lts") ? "maintenance-lts" : "maintenance";
  }
  if (reached("lts")) {
    return "active-lts";
  }
  if (reached("start")) {
    return "current";
  }
  if (reached("alpha")) {
    return "alpha";
  }
  return "planned";
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("archgate-sched-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

}  // namespace

TEST_CASE("dates parse strictly and format back", "[schedule]") {
  CHECK(core::format_day(day("2026-11-22")) == "2026-11-22");
  CHECK_FALSE(core::parse_day("2026-02-30"));
  CHECK_FALSE(core::parse_day("2026-1-01"));
  CHECK_FALSE(core::parse_day("20261122"));
  CHECK_FALSE(core::parse_day(""));
}

TEST_CASE("embedded schedule matches the reference data line by line", "[schedule]") {
  const auto& s = core::embedded_schedule();
  CHECK(s.source == "embedded");
  REQUIRE(s.data_date);
  auto ref_text = test::read_file(test::source_dir() / "data" / "node-release-schedule.json");
  if (auto shared = test::shared_dir()) {
    ref_text = test::read_file(*shared / "data" / "node-releases" / "release-schedule.json");
  } else {
    WARN("../shared absent: checking against data/node-release-schedule.json");
  }
  auto ref = nlohmann::json::parse(ref_text);
  REQUIRE(s.lines.size() == ref.size());
  for (const auto& l : s.lines) {
    INFO(l.key);
    REQUIRE(ref.contains(l.key));
    const auto& r = ref[l.key];
    auto same = [&](const std::optional<core::Day>& d, const char* f) {
      if (r.contains(f)) {
        REQUIRE(d);
        CHECK(core::format_day(*d) == r[f].get<std::string>());
      } else {
        CHECK_FALSE(d);
      }
    };
    same(l.alpha, "alpha");
    same(l.start, "start");
    same(l.lts, "lts");
    same(l.maintenance, "maintenance");
    same(l.end, "end");
    CHECK(l.codename == r.value("codename", ""));
  }
}

TEST_CASE("line status on many dates agrees with release-schedule.json", "[schedule]") {
  auto ref_text = test::read_file(test::source_dir() / "data" / "node-release-schedule.json");
  if (auto shared = test::shared_dir()) {
    ref_text = test::read_file(*shared / "data" / "node-releases" / "release-schedule.json");
  }
  auto ref = nlohmann::json::parse(ref_text);
  const auto& s = core::embedded_schedule();
  // Every 5 days from 2012 to 2031, plus each phase date and the day before.
  std::vector<core::Day> days;
  for (auto d = day("2012-01-01"); d < day("2031-01-01"); d += std::chrono::days{5}) {
    days.push_back(d);
  }
  for (const auto& [key, line] : ref.items()) {
    for (const char* f : {"alpha", "start", "lts", "maintenance", "end"}) {
      if (line.contains(f)) {
        auto d = day(line[f].get<std::string>().c_str());
        days.push_back(d);
        days.push_back(d - std::chrono::days{1});
      }
    }
  }
  std::size_t checked = 0;
  for (const auto& l : s.lines) {
    const auto& r = ref[l.key];
    for (auto d : days) {
      auto today = core::format_day(d);
      auto got = std::string(core::to_string(NodeSchedule::status(l, d)));
      if (got != reference_status(r, today)) {
        FAIL(l.key << " on " << today << ": got " << got << ", expected "
                   << reference_status(r, today));
      }
      ++checked;
    }
  }
  CHECK(checked > 30000);
}

TEST_CASE("hand-checked statuses around 2026-11-22", "[schedule]") {
  CHECK(status_of(18, "2026-11-22") == LineStatus::end_of_life);
  CHECK(status_of(20, "2026-04-29") == LineStatus::maintenance_lts);
  CHECK(status_of(20, "2026-04-30") == LineStatus::end_of_life);
  CHECK(status_of(22, "2026-11-22") == LineStatus::maintenance_lts);
  CHECK(status_of(24, "2026-10-19") == LineStatus::active_lts);
  CHECK(status_of(24, "2026-11-22") == LineStatus::maintenance_lts);
  CHECK(status_of(25, "2026-03-31") == LineStatus::current);
  CHECK(status_of(25, "2026-05-01") == LineStatus::maintenance);
  CHECK(status_of(25, "2026-11-22") == LineStatus::end_of_life);
  CHECK(status_of(26, "2026-10-27") == LineStatus::current);
  CHECK(status_of(26, "2026-11-22") == LineStatus::active_lts);
  // 27: alpha phase, no maintenance date.
  CHECK(status_of(27, "2026-10-27") == LineStatus::planned);
  CHECK(status_of(27, "2026-11-22") == LineStatus::alpha);
  CHECK(status_of(27, "2027-04-22") == LineStatus::current);
  CHECK(status_of(27, "2027-10-20") == LineStatus::active_lts);
  CHECK(status_of(27, "2030-04-29") == LineStatus::active_lts);
  CHECK(status_of(27, "2030-04-30") == LineStatus::end_of_life);
  // v0.x lines: start and end only.
  const auto& s = core::embedded_schedule();
  const core::ReleaseLine* v012 = nullptr;
  for (const auto& l : s.lines) {
    if (l.key == "v0.12") {
      v012 = &l;
    }
  }
  REQUIRE(v012);
  CHECK(v012->label() == "0.12");
  CHECK(NodeSchedule::status(*v012, day("2016-01-01")) == LineStatus::current);
  CHECK(NodeSchedule::status(*v012, day("2017-01-01")) == LineStatus::end_of_life);
}

TEST_CASE("next transition and days to it", "[schedule]") {
  const auto& s = core::embedded_schedule();
  auto t = NodeSchedule::next_transition(*s.line(22), day("2026-11-22"));
  REQUIRE(t);
  CHECK(t->to == LineStatus::end_of_life);
  CHECK(core::format_day(t->date) == "2027-04-30");
  CHECK((t->date - day("2026-11-22")).count() == 159);
  auto a = NodeSchedule::next_transition(*s.line(27), day("2026-11-22"));
  REQUIRE(a);
  CHECK(a->to == LineStatus::current);
  auto odd = NodeSchedule::next_transition(*s.line(25), day("2026-01-01"));
  REQUIRE(odd);
  CHECK(odd->to == LineStatus::maintenance);
  CHECK_FALSE(NodeSchedule::next_transition(*s.line(20), day("2026-11-22")));
}

TEST_CASE("aliases resolve like nvm and the Docker tags", "[schedule]") {
  const auto& s = core::embedded_schedule();
  auto on = day("2026-11-22");
  auto major = [&](const char* alias) {
    const auto* l = s.resolve_alias(alias, on);
    return l ? l->major : -1;
  };
  CHECK(major("lts/*") == 26);
  CHECK(major("lts") == 26);
  CHECK(major("lts/-1") == 24);
  CHECK(major("lts/iron") == 20);
  CHECK(major("LTS/Jod") == 22);
  CHECK(major("krypton") == 24);
  CHECK(major("node") == 26);  // 27 is only in alpha
  CHECK(major("latest") == 26);
  CHECK(major("current") == 26);
  CHECK(major("stable") == 26);
  CHECK(major("lts/unknown") == -1);
  CHECK(major("banana") == -1);
  CHECK(s.resolve_alias("latest", day("2027-05-01"))->major == 27);
  CHECK(s.resolve_alias("lts/*", day("2026-10-27"))->major == 24);
  CHECK(s.recommended(on)->major == 26);
  CHECK(s.recommended(day("2026-10-27"))->major == 24);
}

TEST_CASE("releases: newest and newest security release per line", "[schedule]") {
  const auto& s = core::embedded_schedule();
  REQUIRE(s.latest_security_release(22));
  CHECK(s.latest_security_release(22)->version == "22.23.0");
  REQUIRE(s.latest_release(20));
  CHECK(s.latest_release(20)->version == "20.20.0");
  CHECK(s.latest_release(27) == nullptr);  // only alphas so far
  CHECK(core::compare_release_versions("27.0.0-alpha.0.1.1", "27.0.0") < 0);
  CHECK(core::compare_release_versions("22.10.0", "22.9.0") > 0);
  CHECK(core::compare_release_versions("v22.10.0", "22.10.0") == 0);
}

TEST_CASE("malformed schedule data is an error with a position", "[schedule]") {
  auto bad_json = core::parse_schedule("{\"v20\": {\"start\": \"2023-04-18\",}", "[]");
  REQUIRE_FALSE(bad_json);
  CHECK(bad_json.error().line == 1);
  auto bad_date = core::parse_schedule(R"({"v20": {"start": "2023-13-18"}})", "[]");
  REQUIRE_FALSE(bad_date);
  CHECK(bad_date.error().message.find("v20") != std::string::npos);
  auto bad_key = core::parse_schedule(R"({"20": {"start": "2023-04-18"}})", "[]");
  REQUIRE_FALSE(bad_key);
  auto bad_rel = core::parse_schedule(R"({"v20": {"start": "2023-04-18"}})",
                                      R"([{"version": "x", "date": "2023-04-18"}])");
  REQUIRE_FALSE(bad_rel);
  CHECK(bad_rel.error().file == "node-releases.json");
  auto not_array = core::parse_schedule(R"({"v20": {"start": "2023-04-18"}})", "{}");
  REQUIRE_FALSE(not_array);
}

TEST_CASE("load_schedule uses the newer of cache and embedded data", "[schedule]") {
  TempDir dir;
  auto sched = test::read_file(test::source_dir() / "data" / "node-release-schedule.json");
  SECTION("no cache: embedded") {
    auto l = core::load_schedule(dir.path.string());
    CHECK(l.schedule.source == "embedded");
    CHECK(l.cache_warning.empty());
  }
  SECTION("newer cache wins and says so") {
    write(dir.path / "node-release-schedule.json", sched);
    write(dir.path / "node-releases.json",
          R"([{"version":"v26.14.0","date":"2026-12-01","lts":"Lithium","security":true}])");
    auto l = core::load_schedule(dir.path.string());
    CHECK(l.schedule.source == "cache " + dir.path.string());
    CHECK(core::format_day(*l.schedule.data_date) == "2026-12-01");
  }
  SECTION("older cache loses") {
    write(dir.path / "node-release-schedule.json", sched);
    write(dir.path / "node-releases.json",
          R"([{"version":"20.0.0","date":"2023-04-18","lts":false,"security":false}])");
    CHECK(core::load_schedule(dir.path.string()).schedule.source == "embedded");
  }
  SECTION("broken cache is ignored with a warning") {
    write(dir.path / "node-release-schedule.json", "{ not json");
    write(dir.path / "node-releases.json", "[]");
    auto l = core::load_schedule(dir.path.string());
    CHECK(l.schedule.source == "embedded");
    CHECK(l.cache_warning.find("ignoring") != std::string::npos);
  }
}

namespace {

// Serves fixtures/projects/runtime-update-server on 127.0.0.1 (random port).
struct LocalServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  LocalServer() {
    auto dir = test::fixtures_dir() / "projects" / "runtime-update-server";
    auto sched = test::read_file(dir / "schedule.json");
    auto index = test::read_file(dir / "index.json");
    server.Get("/Release/schedule.json", [sched](const httplib::Request&, httplib::Response& res) {
      res.set_content(sched, "application/json");
    });
    server.Get("/dist/index.json", [index](const httplib::Request&, httplib::Response& res) {
      res.set_content(index, "application/json");
    });
    server.Get("/broken.json", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"v20\": [", "application/json");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    for (int i = 0; i < 2000 && !server.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~LocalServer() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

}  // namespace

TEST_CASE("schedule --update fetches into the cache from a local server", "[schedule][update]") {
  LocalServer srv;
  REQUIRE(srv.port > 0);
  TempDir dir;
  core::UpdateOptions u;
  u.schedule_url = srv.url("/Release/schedule.json");
  u.releases_url = srv.url("/dist/index.json");
  u.cache_dir = (dir.path / "cache").string();
  u.timeout_seconds = 5;

  SECTION("library call") {
    auto r = core::update_schedule_cache(u);
    REQUIRE(r);
    CHECK(r->lines == core::embedded_schedule().lines.size());
    CHECK(core::format_day(*r->data_date) == "2026-12-01");
    auto l = core::load_schedule(u.cache_dir);
    CHECK(l.schedule.source.starts_with("cache "));
    REQUIRE(l.schedule.latest_security_release(26));
    CHECK(l.schedule.latest_security_release(26)->version == "26.14.0");
  }
  SECTION("a 404 or a broken document leaves the cache untouched") {
    auto missing = u;
    missing.releases_url = srv.url("/dist/nope.json");
    auto r = core::update_schedule_cache(missing);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("404") != std::string::npos);
    auto broken = u;
    broken.schedule_url = srv.url("/broken.json");
    REQUIRE_FALSE(core::update_schedule_cache(broken));
    CHECK_FALSE(std::filesystem::exists(dir.path / "cache" / "node-releases.json"));
  }
  SECTION("CLI: --update, then later runs say they use the cache") {
    auto run = test::run_archgate("schedule --update --today 2026-12-02 --format json --cache-dir " +
                                  test::q(dir.path / "cache") + " --schedule-url " +
                                  u.schedule_url + " --releases-url " + u.releases_url);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["source"].get<std::string>().starts_with("cache "));
    CHECK(j["data_date"] == "2026-12-01");
    auto later = test::run_archgate("schedule --today 2026-12-02 --cache-dir " +
                                    test::q(dir.path / "cache"));
    CHECK(later.exit_code == 0);
    CHECK(later.out.find("schedule: cache ") != std::string::npos);
  }
  SECTION("CLI: unreachable server is exit 2 with the URL") {
    auto run = test::run_archgate("schedule --update --timeout 2 --cache-dir " +
                                  test::q(dir.path / "cache") + " --schedule-url " +
                                  srv.url("/missing.json"));
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("/missing.json") != std::string::npos);
  }
}

TEST_CASE("archgate schedule prints every line with its status", "[schedule][cli]") {
  TempDir empty;
  auto run = test::run_archgate("schedule --today 2026-11-22 --format json --cache-dir " +
                                test::q(empty.path));
  REQUIRE(run.exit_code == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["source"] == "embedded");
  std::map<std::string, std::string> st;
  for (const auto& l : j["lines"]) {
    st[l["line"].get<std::string>()] = l["status"].get<std::string>();
  }
  CHECK(st.size() == core::embedded_schedule().lines.size());
  CHECK(st["v20"] == "end-of-life");
  CHECK(st["v22"] == "maintenance-lts");
  CHECK(st["v24"] == "maintenance-lts");
  CHECK(st["v26"] == "active-lts");
  CHECK(st["v27"] == "alpha");
  CHECK(j["lines"][0]["line"] == "v27");
  CHECK(j["lines"][0]["next"]["days"] == 151);
  auto text = test::run_archgate("schedule --today 2026-11-22 --cache-dir " + test::q(empty.path));
  CHECK(text.out.find("v26    Lithium   active-lts") != std::string::npos);
  CHECK(test::run_archgate("schedule --today 2026-13-01").exit_code == 2);
}
