// archgate explain [RULE]: a rule's documentation, or the list of rules.
#include <iostream>
#include <memory>
#include <vector>

#include "cli/commands.hpp"
#include "core/checklist.hpp"
#include "reports/table.hpp"
#include "rules/rule.hpp"

namespace archgate::cli {

namespace {

int run_explain(const std::string& rule) {
  const auto& catalog = rules::rule_catalog();
  if (rule.empty()) {
    std::vector<reports::TableRow> rules;
    for (const auto& r : catalog) {
      rules.push_back({std::string(r.id), std::string(core::to_string(r.default_severity)), std::string(r.title)});
    }
    reports::write_table(std::cout, rules);
    std::cout << "\nArchitecture checklist items (archgate explain ITEM):\n";
    std::vector<reports::TableRow> items;
    for (const auto& i : core::checklist_items()) {
      items.push_back({std::string(i.id), std::string(i.title)});
    }
    reports::write_table(std::cout, items, "  ");
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
