// archgate explain [RULE]: a rule's documentation, or the list of rules.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "rules/rule.hpp"

namespace archgate::cli {

namespace {

int run_explain(const std::string& rule) {
  const auto& catalog = rules::rule_catalog();
  if (rule.empty()) {
    for (const auto& r : catalog) {
      auto sev = core::to_string(r.default_severity);
      std::cout << r.id << std::string(r.id.size() < 32 ? 32 - r.id.size() : 1, ' ') << sev
                << std::string(9 - sev.size(), ' ') << r.title << '\n';
    }
    return k_exit_ok;
  }
  const auto* info = rules::find_rule(rule);
  if (!info) {
    std::string near;
    for (const auto& r : catalog) {
      auto slash = rule.find('/');
      if (r.id.find(rule.substr(slash == std::string::npos ? 0 : slash + 1)) !=
          std::string_view::npos) {
        near += near.empty() ? "" : ", ";
        near += r.id;
      }
    }
    return report_error("unknown rule \"" + rule + "\"" +
                        (near.empty() ? "" : "; did you mean: " + near + "?") +
                        " (archgate explain lists every rule)");
  }
  std::cout << info->id << " (" << core::to_string(info->default_severity) << ")\n"
            << info->title << "\n\nWhy: " << info->rationale << "\n\nFix: " << info->remedy
            << '\n';
  if (!info->example.empty()) {
    std::cout << "\nExample: " << info->example << '\n';
  }
  return k_exit_ok;
}

}  // namespace

Command setup_explain(CLI::App& parent) {
  auto rule = std::make_shared<std::string>();
  auto* app = parent.add_subcommand(
      "explain", "Explain a rule: why it matters and how to fix it. Without RULE, list all rules.\n"
                 "Example: archgate explain lockfile/out-of-sync");
  app->add_option("rule", *rule, "Rule id, e.g. lockfile/out-of-sync");
  return {app, [rule] { return run_explain(*rule); }};
}

}  // namespace archgate::cli
