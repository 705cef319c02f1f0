#include "analyzers/deps/license.hpp"

#include <algorithm>

#include "analyzers/deps/spdx.hpp"

namespace archgate::deps {

namespace {

bool listed(const std::vector<std::string>& keys, const spdx::Term& t) {
  auto k = spdx::match_key(t.id);
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

std::vector<std::string> keys_of(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    out.push_back(spdx::match_key(id));
  }
  return out;
}

// The distinct ids (as written) of the terms for which `pick` holds.
template <class Pick>
std::string ids_where(const spdx::Expression& ex, Pick pick) {
  std::vector<std::string> seen;
  std::string out;
  for (const auto* t : ex.terms()) {
    if (!pick(*t) || std::find(seen.begin(), seen.end(), t->id) != seen.end()) {
      continue;
    }
    seen.push_back(t->id);
    out += (out.empty() ? "" : ", ") + t->to_string();
  }
  return out;
}

}  // namespace

std::string_view to_string(LicenseIssue issue) {
  switch (issue) {
    case LicenseIssue::none:
      return "ok";
    case LicenseIssue::unknown:
      return "unknown";
    case LicenseIssue::missing:
      return "missing";
    case LicenseIssue::invalid:
      return "invalid";
    case LicenseIssue::unlicensed:
      return "unlicensed";
    case LicenseIssue::denied:
      return "denied";
    case LicenseIssue::not_allowed:
      return "not-allowed";
  }
  return "unknown";
}

LicenseVerdict evaluate_license(std::string_view expression, const LicensePolicy& policy) {
  LicenseVerdict v;
  auto parsed = spdx::parse(expression);
  if (!parsed) {
    v.issue = LicenseIssue::invalid;
    v.detail = parsed.error().message;
    return v;
  }
  const auto& ex = *parsed;
  v.canonical = ex.to_string();
  switch (ex.form) {
    case spdx::Form::none:
      v.issue = LicenseIssue::missing;
      v.detail = ex.text.empty() ? "no license declared" : "declares " + ex.text;
      return v;
    case spdx::Form::unlicensed:
      v.issue = LicenseIssue::unlicensed;
      v.detail = "UNLICENSED: proprietary, no permission to use it";
      return v;
    case spdx::Form::see_file:
      if (!policy.allow.empty()) {
        v.issue = LicenseIssue::not_allowed;
        v.offending = "a custom license";
        v.detail = "a custom license (SEE LICENSE IN " + ex.file + ") is not in license-allow";
      }
      return v;
    case spdx::Form::expression:
      break;
  }
  auto deny = keys_of(policy.deny);
  auto allow = keys_of(policy.allow);
  auto denied = [&](const spdx::Term& t) { return listed(deny, t); };
  if (!deny.empty() && !ex.satisfiable([&](const spdx::Term& t) { return !denied(t); })) {
    v.issue = LicenseIssue::denied;
    v.offending = ids_where(ex, denied);
    v.detail = "denied: " + v.offending;
    return v;
  }
  if (!allow.empty() &&
      !ex.satisfiable([&](const spdx::Term& t) { return listed(allow, t) && !denied(t); })) {
    v.issue = LicenseIssue::not_allowed;
    v.offending =
        ids_where(ex, [&](const spdx::Term& t) { return !listed(allow, t) || denied(t); });
    v.detail = "not in license-allow: " + v.offending;
  }
  return v;
}

LicenseVerdict evaluate_license(const LicenseFacts& facts, const LicensePolicy& policy) {
  if (!facts.known) {
    LicenseVerdict v;
    v.issue = LicenseIssue::unknown;
    v.detail = "no lockfile record and no registry metadata";
    return v;
  }
  return evaluate_license(facts.expression, policy);
}

std::string describe_license(const LicenseFacts& facts) {
  if (!facts.known) {
    return "license: unknown (not in the lockfile, no registry metadata)";
  }
  if (facts.expression.empty()) {
    return "license: none declared (" + facts.source + ")";
  }
  return "license: " + facts.expression + " (" + facts.source + ")";
}

}  // namespace archgate::deps
