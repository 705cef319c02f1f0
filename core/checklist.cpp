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
      {"ownership", "Service ownership", "Are entry points clear, and do handlers go through services instead of calling the database directly?", "Not judged yet (no detector): entry points and handlers that call the ORM directly are planned."},
      {"runtime-pins", "Supported LTS runtime", "Does production run a supported Node.js LTS line, pinned the same way everywhere?", "From the runtime/* findings. Fail: an end-of-life line, pins that disagree, no pin. Partial: any other runtime finding (loose engines, lagging @types/node, CI not covering production)."},
      {"tests-in-ci", "Tests run in CI", "Is there a test suite, and does CI run it?", "From test files and the commands CI runs (GitHub Actions, GitLab CI, CircleCI, Travis, AppVeyor, Jenkins; commented-out lines are not steps), followed through package scripts and task runners to a test runner. Pass: CI runs one; partial: tests exist but nothing in CI runs them; fail: no test files."},
      {"native-platform", "Native platform features", "Are dependencies that Node.js itself now replaces at the pinned runtime gone from production code?", "From deps/native-replacement. Partial: a production dependency Node.js replaces at the pinned runtime."},
      {"typecheck-in-ci", "Type checking in CI", "Does CI type-check with strictness on?", "From the CI commands (followed through package scripts) to tsc, vue-tsc, svelte-check, next build, ng build, nest build (esbuild, swc, tsup and type stripping do not type-check), and strictness (strict, or noImplicitAny and strictNullChecks) through the extends chain of the tsconfigs that govern production source. Pass: both; partial: one; fail: neither; n/a without TypeScript."},
      {"input-validation", "Runtime input validation", "Do handlers, consumers and webhooks validate their input with a schema?", "Not judged yet (no detector)."},
      {"request-path", "Slow work out of the request path", "Are blocking calls kept out of request handlers?", "Not judged yet (no detector)."},
      {"workers", "Workers done right", "Do queue consumers retry with backoff, stay idempotent, keep failures and get monitored?", "From files that import a queue library (BullMQ, Bull, bee-queue, agenda, amqplib, kafkajs, pg-boss, SQS, Temporal): consumers and the option keys of their calls. Five criteria: retries with backoff, idempotency keys, failed jobs kept (no removeOnFail: true), a dead-letter path, failure monitoring. Pass: all; partial: one or two missing; fail: three or more; n/a without a consumer."},
      {"observability", "Observability from the start", "Structured logs, request ids, metrics and tracing — and no secrets in logs?", "From imports and calls in production code. Pass: a structured logger (pino, winston, ...) with metrics or tracing and at most five console calls. Partial: a logger without metrics/tracing, or more console calls. Fail: no structured logger. n/a without an HTTP server."},
      {"graceful-shutdown", "Graceful shutdown", "On SIGTERM, does the service stop taking work, close the server and connections, with a forced-exit timeout?", "From calls and imports in production code. Pass: close-with-grace, terminus, lightship, Nest enableShutdownHooks(), or a SIGTERM/SIGINT handler in a file that closes something. Partial: a handler that closes nothing. Fail: a server that listens with no handler. n/a without an HTTP server."},
      {"error-handling", "Central error handling", "Is there one error handler for requests and a process-level handler for the rest?", "From calls and decorators in production code. Pass: a central handler (Express 4-argument middleware, Fastify setErrorHandler, Hono onError, Koa app.on('error'), Nest @Catch()/useGlobalFilters or Nest's default) and a process-level unhandledRejection/uncaughtException handler. Partial: one of the two. Fail: neither. n/a without an HTTP server."},
      {"health-checks", "Health checks", "Are there liveness/readiness routes and a container or orchestrator probe that uses them?", "From route registrations and decorators with a health path (/health, /healthz, /readyz, /livez, /ping, ...), health libraries, Dockerfile HEALTHCHECK, compose healthcheck and Kubernetes probes. Pass: a health route and (with a Dockerfile) a HEALTHCHECK or probe; partial: one without the other; fail: a server with neither. n/a without an HTTP server."},
      {"containers", "Sound containers", "Pinned LTS base, multi-stage, production-only install, NODE_ENV, non-root user, a .dockerignore?", "From every Dockerfile and its .dockerignore: a base image that names a version, multi-stage, a production-only install, NODE_ENV=production, a non-root USER, node_modules and .env excluded from the context. Pass: all six; partial: one or two missing; fail: three or more (the worst Dockerfile decides). n/a without a Dockerfile."},
      {"secrets-config", "Secrets and configuration", "No committed secrets, and configuration validated at start-up?", "From the files the source pass lists and the source text. Fail: a committed private key or keystore, a .env setting a sensitive-looking variable (public VITE_/NEXT_PUBLIC_ values and placeholders apart), or a provider-shaped token in production code (the value is never printed). Partial: process.env read without a validation library. Pass otherwise."},
      {"dependency-hygiene", "Dependency hygiene", "Are dependencies declared, used, maintained, licensed and free of known advisories?", "From the deps/* (but native replacements) and lockfile/* findings. Fail: an error among them, or five or more. Partial: one to four. Not checked when advisories were not (cold cache) and nothing else was found. Unused/undeclared imports are not judged yet."},
      {"cycles", "No import cycles", "Are there runtime import cycles between source files?", "From source/cycle. Fail: a runtime import cycle. Type-only cycles and cycles among ORM models or tests are listed apart."},
  };
  return k_items;
}

}  // namespace archgate::core
