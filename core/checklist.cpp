#include "core/checklist.hpp"

namespace archgate::core {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::partial: return "partial";
    case Verdict::fail: return "fail";
    case Verdict::not_applicable: return "n/a";
    case Verdict::not_checked: return "not-checked";
  }
  return "not-checked";
}

const std::vector<ChecklistItemInfo>& checklist_items() {
  static const std::vector<ChecklistItemInfo> k_items = {
      {"ownership", "Service ownership", "Are entry points clear, and do handlers go through services instead of calling the database directly?"},
      {"runtime-pins", "Supported LTS runtime", "Does production run a supported Node.js LTS line, pinned the same way everywhere?"},
      {"tests-in-ci", "Tests run in CI", "Is there a test suite, and does CI run it?"},
      {"native-platform", "Native platform features", "Are dependencies that Node.js itself now replaces at the pinned runtime gone from production code?"},
      {"typecheck-in-ci", "Type checking in CI", "Does CI type-check with strictness on?"},
      {"input-validation", "Runtime input validation", "Do handlers, consumers and webhooks validate their input with a schema?"},
      {"request-path", "Slow work out of the request path", "Are blocking calls kept out of request handlers?"},
      {"workers", "Workers done right", "Do queue consumers retry with backoff, stay idempotent, keep failures and get monitored?"},
      {"observability", "Observability from the start", "Structured logs, request ids, metrics and tracing — and no secrets in logs?"},
      {"graceful-shutdown", "Graceful shutdown", "On SIGTERM, does the service stop taking work, close the server and connections, with a forced-exit timeout?"},
      {"error-handling", "Central error handling", "Is there one error handler for requests and a process-level handler for the rest?"},
      {"health-checks", "Health checks", "Are there liveness/readiness routes and a container or orchestrator probe that uses them?"},
      {"containers", "Sound containers", "Pinned LTS base, multi-stage, production-only install, NODE_ENV, non-root user, a .dockerignore?"},
      {"secrets-config", "Secrets and configuration", "No committed secrets, and configuration validated at start-up?"},
      {"dependency-hygiene", "Dependency hygiene", "Are dependencies declared, used, maintained, licensed and free of known advisories?"},
      {"cycles", "No import cycles", "Are there runtime import cycles between source files?"},
  };
  return k_items;
}

}  // namespace archgate::core
