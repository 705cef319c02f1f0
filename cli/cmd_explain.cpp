// archgate explain [RULE]: a rule's documentation, or the list of rules.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/checklist.hpp"
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
    std::cout << "\nArchitecture checklist items (archgate explain ITEM):\n";
    for (const auto& i : core::checklist_items()) {
      std::cout << "  " << i.id << std::string(i.id.size() < 20 ? 20 - i.id.size() : 1, ' ') << i.title << '\n';
    }
    return k_exit_ok;
  }
  for (const auto& i : core::checklist_items()) {
    if (i.id == rule) {
      std::cout << i.id << " (checklist item)\n" << i.title << "\n\nAsks: " << i.question << "\n\nHow archgate judges it: "
                << i.how << "\n\nSee docs/checklist.md.\n";
      return k_exit_ok;
    }
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
      "explain", "Explain a rule (why it matters, how to fix it) or a checklist item (what it asks,\n"
                 "how archgate judges it). Without an argument, list all rules and items.\n"
                 "Examples: archgate explain lockfile/out-of-sync; archgate explain graceful-shutdown");
  app->add_option("rule", *rule, "Rule id (lockfile/out-of-sync) or checklist item (graceful-shutdown)");
  return {app, [rule] { return run_explain(*rule); }};
}

}  // namespace archgate::cli
