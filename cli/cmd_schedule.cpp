// archgate schedule: the Node.js release lines and their status on a day;
// --update refreshes the cached schedule from the Node.js project.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/node_schedule.hpp"
#include "reports/runtime_report.hpp"

namespace archgate::cli {

namespace {

struct ScheduleOptions {
  std::string format = "text";
  std::string today;
  std::string output;
  std::string cache_dir;
  bool update = false;
  std::string schedule_url = std::string(core::k_default_schedule_url);
  std::string releases_url = std::string(core::k_default_releases_url);
  int timeout = 30;
};

int run_schedule(const ScheduleOptions& o) {
  auto today = core::day_or_today(o.today);
  if (!today) {
    return report_error("--today: expected YYYY-MM-DD");
  }
  std::string cache = o.cache_dir.empty() ? core::default_cache_dir() : o.cache_dir;
  if (o.update) {
    core::UpdateOptions u;
    u.schedule_url = o.schedule_url;
    u.releases_url = o.releases_url;
    u.cache_dir = cache;
    u.timeout_seconds = o.timeout;
    auto r = core::update_schedule_cache(u);
    if (!r) {
      return report_error(r.error().to_string());
    }
    info("updated " + r->cache_dir + ": " + std::to_string(r->lines) + " release lines, " +
         std::to_string(r->releases) + " releases" +
         (r->data_date ? ", newest " + core::format_day(*r->data_date) : std::string()));
  }
  auto loaded = core::load_schedule(cache);
  if (!loaded.cache_warning.empty()) {
    warning(loaded.cache_warning);
  }
  Output out(o.output);
  if (o.format == "json") {
    reports::write_schedule_json(loaded.schedule, *today, out.stream());
  } else {
    reports::write_schedule_text(loaded.schedule, *today, out.stream());
  }
  return out.finish() ? k_exit_ok : k_exit_error;
}

}  // namespace

Command setup_schedule(CLI::App& parent) {
  auto opts = std::make_shared<ScheduleOptions>();
  auto* app = parent.add_subcommand(
      "schedule",
      "Print every Node.js release line with its status (alpha, current, active-lts,\n"
      "maintenance-lts, end-of-life) on a day and the days to its next transition.\n"
      "Uses the newer of the embedded data and the cache, and says which.\n"
      "Example: archgate schedule --today 2026-11-22 --format json");
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_flag("--update", opts->update,
                "Fetch the current schedule and release index into the cache first");
  app->add_option("--cache-dir", opts->cache_dir,
                  "Cache folder (default: $ARCHGATE_CACHE_DIR, $XDG_CACHE_HOME/archgate or "
                  "~/.cache/archgate)");
  app->add_option("--schedule-url", opts->schedule_url, "Where --update fetches schedule.json")
      ->capture_default_str();
  app->add_option("--releases-url", opts->releases_url, "Where --update fetches the release index")
      ->capture_default_str();
  app->add_option("--timeout", opts->timeout, "Network timeout in seconds for --update")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_schedule(*opts); }};
}

}  // namespace archgate::cli
