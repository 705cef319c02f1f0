// The architecture checklist: sixteen items in order, each with a verdict
// judged from the source facts and the findings; items without a detector
// are "not checked", never passed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "analyzers/ci.hpp"
#include "analyzers/source/analysis.hpp"
#include "analyzers/source/files.hpp"
#include "core/audit.hpp"
#include "core/checklist.hpp"
#include "core/snapshot.hpp"
#include "test_support.hpp"

using archgate::core::MemorySnapshot;
using archgate::core::Verdict;
using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;

namespace {

// A one-package Express service whose src/server.js is `server`.
MemorySnapshot service(const std::string& server, const std::string& deps = R"("express": "^5.1.0")") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{)" + deps + "}}");
  snap.add("src/server.js", server);
  return snap;
}

const archgate::core::ChecklistItem& item(const archgate::core::AuditResult& r, std::string_view id) {
  for (const auto& i : r.checklist) {
    if (i.id == id) return i;
  }
  FAIL("no checklist item " << id);
  return r.checklist.front();
}

archgate::core::AuditResult audit(const MemorySnapshot& snap) { return archgate::test::audit(snap, "2026-12-02"); }

// An item's evidence as "file:line note" lines.
std::vector<std::string> evidence_lines(const archgate::core::ChecklistItem& it) {
  std::vector<std::string> ev;
  for (const auto& e : it.evidence) ev.push_back(e.file + ":" + std::to_string(e.line) + " " + e.note);
  return ev;
}

}  // namespace

TEST_CASE("checklist: sixteen items in order; what does not apply says so", "[checklist]") {
  auto r = audit(service("export {};\n"));
  REQUIRE(r.checklist.size() == 16);
  CHECK(r.checklist.front().id == "ownership");
  CHECK(r.checklist.back().id == "cycles");
  CHECK(item(r, "ownership").verdict == Verdict::not_applicable);  // no entry point
  CHECK(item(r, "request-path").verdict == Verdict::not_applicable);
  CHECK(item(r, "input-validation").verdict == Verdict::not_applicable);
  CHECK(item(r, "containers").verdict == Verdict::not_applicable);  // no Dockerfile
  // No server: the service-only items do not apply.
  CHECK(item(r, "graceful-shutdown").verdict == Verdict::not_applicable);
  CHECK(item(r, "error-handling").verdict == Verdict::not_applicable);
}

TEST_CASE("checklist: graceful-shutdown", "[checklist]") {
  const std::string app = "import express from 'express';\nconst app = express();\nconst server = app.listen(3000);\n";
  auto none = audit(service(app));
  CHECK(item(none, "graceful-shutdown").verdict == Verdict::fail);
  REQUIRE_FALSE(item(none, "graceful-shutdown").evidence.empty());
  CHECK(item(none, "graceful-shutdown").evidence.front().line == 3);

  auto closes = audit(service(app + "process.on('SIGTERM', () => { server.close(() => process.exit(0)); });\n"));
  CHECK(item(closes, "graceful-shutdown").verdict == Verdict::pass);

  auto only_exit = audit(service(app + "process.on('SIGTERM', () => process.exit(0));\n"));
  CHECK(item(only_exit, "graceful-shutdown").verdict == Verdict::partial);

  auto lib = audit(service("import closeWithGrace from 'close-with-grace';\n" + app +
                               "closeWithGrace(async () => { await server.close(); });\n",
                           R"("express": "^5.1.0", "close-with-grace": "^2.0.0")"));
  CHECK(item(lib, "graceful-shutdown").verdict == Verdict::pass);

  // Seen on hoppscotch/hoppscotch: the pass cited an import of
  // @nestjs/terminus while main.ts has its own SIGTERM handler that closes
  // the app; the project's handler is the evidence a reviewer checks.
  auto both = audit(service("import { TerminusModule } from '@nestjs/terminus';\nconsole.log(TerminusModule);\n" + app +
                                "process.on('SIGTERM', () => { server.close(); });\n",
                            R"("express": "^5.1.0", "@nestjs/terminus": "^11.0.0")"));
  CHECK(item(both, "graceful-shutdown").verdict == Verdict::pass);
  CHECK_THAT(item(both, "graceful-shutdown").reason, Catch::StartsWith("process.on('SIGTERM') closes the server"));
}

// Seen on medusajs/medusa: the framework's server is in published
// packages; the service items said "no HTTP server found" and nothing more.
TEST_CASE("checklist: a server only in a published package is named when the items do not apply",
          "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
  snap.add("packages/framework/package.json", R"({"name":"@acme/framework","version":"2.0.0","dependencies":{"express":"^5.1.0"}})");
  snap.add("packages/framework/src/start.ts", "import express from 'express';\nexport function start(port: number) {\n"
                                              "  const app = express();\n  app.listen(port);\n}\n");
  auto r = audit(snap);
  const auto& it = item(r, "graceful-shutdown");
  CHECK(it.verdict == Verdict::not_applicable);
  CHECK_THAT(it.reason, Catch::Contains("a published package starts one (e.g. packages/framework/src/start.ts:4)"));
}

// Seen on a Remix application (karakeep's web app, trigger.dev's webapp):
// its server is the framework's and its routes are files, and every service
// item said "not applicable: no HTTP server found", as if it served nothing.
TEST_CASE("checklist: an app on a file-routed framework is not checked, not 'not applicable'",
          "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["apps/*","packages/*"]})");
  snap.add("apps/web/package.json",
           R"({"name":"web","private":true,"dependencies":{"@remix-run/node":"^2.15.0","react":"^18.3.0"}})");
  snap.add("apps/web/app/routes/_index.tsx",
           "import { json } from '@remix-run/node';\nexport const loader = async () => json({ ok: true });\n"
           "export default function Index() { return <h1>hi</h1>; }\n");
  // A published package on the same framework is not the application.
  snap.add("packages/ui/package.json", R"({"name":"@acme/ui","version":"1.0.0","dependencies":{"next":"^15.0.0"}})");
  snap.add("packages/ui/src/index.ts", "export const x = 1;\n");
  auto r = audit(snap);
  // A queue producer beside the route files does not make ownership pass
  // (seen on umami: "✓ queue code (kafkajs)").
  snap.add("apps/web/app/lib/kafka.ts", "import { Kafka } from 'kafkajs';\nexport const producer = new Kafka({}).producer();\n");
  r = audit(snap);
  for (auto id : {"graceful-shutdown", "error-handling", "health-checks", "input-validation", "request-path", "ownership"}) {
    INFO(id);
    const auto& it = item(r, id);
    CHECK(it.verdict == Verdict::not_checked);
    CHECK_THAT(it.reason, Catch::Contains("the framework's (Remix)"));
    REQUIRE(it.evidence.size() == 1);
    CHECK(it.evidence[0].file == "apps/web/package.json");
    CHECK(it.evidence[0].line == 1);
  }
  // Only as a devDependency (a tool, a story book): no application on it.
  MemorySnapshot dev;
  dev.add("package.json", R"({"name":"svc","private":true,"workspaces":["examples/*"],"devDependencies":{"next":"^15.0.0"}})");
  dev.add("src/index.ts", "export const x = 1;\n");
  CHECK(item(audit(dev), "graceful-shutdown").verdict == Verdict::not_applicable);
  // Nor an example app on the framework (seen on excalidraw: examples/with-nextjs).
  dev.add("examples/with-nextjs/package.json", R"({"name":"with-nextjs","private":true,"dependencies":{"next":"^15.0.0"}})");
  dev.add("examples/with-nextjs/src/app/page.tsx", "export default function Page() { return null; }\n");
  CHECK(item(audit(dev), "graceful-shutdown").verdict == Verdict::not_applicable);
}

// Seen on karakeep (liteque) and trigger.dev (its own worker packages): a
// worker application on a queue library archgate does not know was "not
// applicable: no queue or worker library".
TEST_CASE("checklist: a worker application on an unknown queue library is not checked", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["apps/*","packages/*"]})");
  snap.add("apps/workers/package.json", R"({"name":"@acme/workers","private":true,"dependencies":{"liteque":"^0.3.0"}})");
  snap.add("apps/workers/index.ts", "import { Runner } from 'liteque';\nnew Runner(queue, { run: async () => {} });\n");
  // A published library with "queue" in its name is not a worker.
  snap.add("packages/queue-utils/package.json", R"({"name":"@acme/queue-utils","version":"1.0.0"})");
  snap.add("packages/queue-utils/src/index.ts", "export const x = 1;\n");
  auto r = audit(snap);
  const auto& it = item(r, "workers");
  CHECK(it.verdict == Verdict::not_checked);
  CHECK_THAT(it.reason, Catch::Contains("the application @acme/workers is named as a worker"));
  REQUIRE(it.evidence.size() == 1);
  CHECK(it.evidence[0].file == "apps/workers/package.json");

  MemorySnapshot script;
  script.add("package.json", R"({"name":"svc","private":true,"scripts":{"start:worker":"node dist/worker.js"}})");
  script.add("src/worker.ts", "export const x = 1;\n");
  auto by_script = audit(script);
  const auto& s = item(by_script, "workers");
  CHECK(s.verdict == Verdict::not_checked);
  CHECK_THAT(s.reason, Catch::Contains("the script \"start:worker\" (node dist/worker.js) runs a worker"));

  // Seen on trigger.dev: a script that builds a worker bundle runs none.
  MemorySnapshot none;
  none.add("package.json", R"({"name":"svc","private":true,"scripts":{"start":"node dist/server.js",)"
                           R"("build:otlpworker":"esbuild ./app/worker.ts"}})");
  none.add("src/server.ts", "export const x = 1;\n");
  CHECK(item(audit(none), "workers").verdict == Verdict::not_applicable);
}

// Seen on karakeep: the SIGTERM handler only resolves a promise that the
// main module awaits before it stops the server; the item said "nothing is
// closed there".
TEST_CASE("checklist: a signal handler that resolves what the main module awaits before closing",
          "[checklist][regression]") {
  auto project = [](const std::string& main) {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"svc","private":true,"dependencies":{"express":"^5.1.0"}})");
    snap.add("src/exit.ts", "export const shutdown = new Promise((resolve) => {\n"
                            "  process.on('SIGTERM', () => {\n    resolve('');\n  });\n});\n");
    snap.add("src/main.ts", main);
    return snap;
  };
  auto closes = project("import express from 'express';\nimport { shutdown } from './exit';\n"
                        "async function main() {\n  const server = express().listen(3000);\n  await shutdown;\n"
                        "  server.close();\n}\nmain();\n");
  auto r = audit(closes);
  const auto& it = item(r, "graceful-shutdown");
  CHECK(it.verdict == Verdict::pass);
  CHECK_THAT(it.reason, Catch::Contains("process.on('SIGTERM') (src/exit.ts:2) signals shutdown, and src/main.ts, "
                                        "which imports it, closes what it started (server.close() at src/main.ts:6)"));
  // The importer closes nothing: still only a handler.
  auto open = project("import express from 'express';\nimport { shutdown } from './exit';\n"
                      "express().listen(3000);\nshutdown.then(() => console.log('bye'));\n");
  CHECK(item(audit(open), "graceful-shutdown").verdict == Verdict::partial);
}

// Seen on umami: 24 imports of its Prisma client, generated under
// src/generated/ (which .gitignore excludes), ranked as the first thing to fix.
TEST_CASE("source: imports of generated files .gitignore excludes are notes, ranked after real causes",
          "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"dependencies":{"express":"^5.1.0"}})");
  snap.add(".gitignore", "node_modules\n/src/generated\n");
  snap.add("tsconfig.json", R"({"compilerOptions":{"strict":true,"baseUrl":".","paths":{"@/*":["./src/*"]}}})");
  snap.add("src/a.ts", "import { PrismaClient } from '@/generated/prisma/client';\nexport const a = new PrismaClient();\n");
  snap.add("src/b.ts", "import { PrismaClient } from '@/generated/prisma/client';\nexport const b = new PrismaClient();\n");
  snap.add("src/c.ts", "import { x } from '@/missing/thing';\nimport { y } from '@/missing/thing';\nexport const c = x + y;\n");
  auto r = audit(snap);
  int generated = 0, missing = 0;
  for (const auto& f : r.findings) {
    if (f.rule != "source/unresolved-import") continue;
    INFO(f.message);
    if (f.subject == "@/generated/prisma/client") {
      ++generated;
      CHECK(f.severity == archgate::core::Severity::note);
      CHECK(f.root.view() == "src/generated/prisma/client (generated; .gitignore excludes it)");
    } else {
      ++missing;
      CHECK(f.severity == archgate::core::Severity::warning);
    }
  }
  CHECK(generated == 2);
  CHECK(missing == 2);
  auto ranked = archgate::core::rank_root_causes(r, 5);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].label == "src/missing/thing, which does not exist (generate or build it first)");

  // The probe itself: a folder on the way, a nested .gitignore, a re-include.
  MemorySnapshot ig;
  ig.add(".gitignore", "/src/generated\n*.log\n");
  ig.add("apps/web/.gitignore", "gen/\n!keep.log\n");
  archgate::analyzers::source::IgnoreProbe probe(ig);
  CHECK(probe.ignored("src/generated/prisma/client"));
  CHECK_FALSE(probe.ignored("src/lib/client"));
  CHECK_FALSE(probe.ignored("lib/src/generated/x"));  // anchored to the root
  CHECK(probe.ignored("apps/web/gen/api/index"));
  CHECK(probe.ignored("apps/web/debug.log"));
  CHECK_FALSE(probe.ignored("apps/web/keep.log"));
}

// Seen on hoppscotch/hoppscotch: Tauri's listen('event', cb) and
// module().listen(event, handler) were HTTP servers, a script that creates a
// Nest app to print its schema was the error-handling evidence instead of
// main.ts, and createServer() with its listen() counted as two servers.
TEST_CASE("checklist: what starts an HTTP server", "[checklist][regression]") {
  auto events = service("import { listen } from '@tauri-apps/api/event';\nlisten('registered', () => {});\n"
                        "const module = () => ({ listen: (e, h) => h });\nexport const on = (event, handler) => "
                        "module().listen(event, handler);\n",
                        R"("@tauri-apps/api": "^2.0.0")");
  CHECK(item(audit(events), "graceful-shutdown").verdict == Verdict::not_applicable);

  auto one = service("import http from 'node:http';\nconst server = http.createServer((q, s) => s.end());\n"
                     "server.listen(3000);\n");
  CHECK_THAT(item(audit(one), "ownership").reason, Catch::StartsWith("1 HTTP server"));

  MemorySnapshot nest;
  nest.add("package.json", R"({"name":"api","private":true,"dependencies":{"@nestjs/core":"*"}})");
  nest.add("src/gql-schema.ts", "import { NestFactory } from '@nestjs/core';\nexport async function emit() {\n"
                                "  const app = await NestFactory.create({});\n  await app.close();\n}\n");
  nest.add("src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { emit } from './gql-schema';\n"
                          "async function boot() {\n  const app = await NestFactory.create({});\n  await emit();\n"
                          "  await app.listen(3000);\n}\nboot();\n");
  auto r = audit(nest);
  CHECK_THAT(item(r, "error-handling").reason, Catch::Contains("(src/main.ts)"));
  CHECK_THAT(item(r, "ownership").reason, Catch::StartsWith("1 HTTP server"));

  // Seen on hoppscotch/hoppscotch: observability counted the console calls
  // of the Vue frontends beside the API.
  MemorySnapshot mono;
  mono.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
  mono.add("packages/api/package.json", R"({"name":"api","private":true,"dependencies":{"express":"^5.1.0"}})");
  mono.add("packages/api/src/server.js", "import express from 'express';\nconst app = express();\nconsole.log('up');\n"
                                         "app.listen(3000);\n");
  mono.add("packages/web/package.json", R"({"name":"web","private":true})");
  mono.add("packages/web/src/main.js", "console.log(1);\nconsole.log(2);\nconsole.warn(3);\n");
  CHECK_THAT(item(audit(mono), "observability").reason, Catch::Contains("1 console call in server code"));
  // Seen on notiz-dev/nestjs-prisma-starter: prisma/seed.ts fills a dev
  // database; its console calls are not the service's.
  mono.add("packages/api/prisma/seed.ts", "console.log('Seeding...');\nconsole.log('done');\n");
  CHECK_THAT(item(audit(mono), "observability").reason, Catch::Contains("1 console call in server code"));

  // Seen on midday-ai/v1: a Supabase edge function's Deno.serve() failed
  // graceful-shutdown, error-handling and health-checks as a Node service.
  MemorySnapshot edge;
  edge.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{"zod": "^3.0.0"}})");
  edge.add("supabase/functions/hello/index.ts", "Deno.serve(async (req) => new Response('ok'));\n");
  CHECK(item(audit(edge), "graceful-shutdown").verdict == Verdict::not_applicable);
  // Seen on openstatusHQ/openstatus: a Deno API server (`deno run
  // src/serve.ts`) with Hono's app.onError and the web platform's
  // unhandledrejection event was no server at all; a frontend component's
  // onError?.(result) callback was another repository's central handler.
  MemorySnapshot deno;
  deno.add("package.json", R"({"name":"root","private":true,"workspaces":["apps/*"]})");
  deno.add("apps/server/package.json", R"({"name":"server","private":true,"dependencies":{"hono":"^4.0.0"}})");
  deno.add("apps/server/src/index.ts", "import { Hono } from 'hono';\nexport const app = new Hono();\n"
                                       "app.onError((err, c) => c.text('error', 500));\n");
  deno.add("apps/server/src/serve.ts", "import { app } from './index';\n"
                                       "globalThis.addEventListener('unhandledrejection', (e) => e.preventDefault());\n"
                                       "Deno.serve({ port: 3000 }, app.fetch);\n");
  deno.add("apps/web/package.json", R"({"name":"web","private":true,"dependencies":{"react":"^19.0.0"}})");
  deno.add("apps/web/src/input.tsx", "export function Input({ onError }) {\n  onError?.('bad');\n  return null;\n}\n");
  auto dr = audit(deno);
  CHECK_THAT(item(dr, "ownership").reason, Catch::StartsWith("1 HTTP server"));
  const auto& eh = item(dr, "error-handling");
  CHECK(eh.verdict == Verdict::pass);
  CHECK_THAT(eh.reason, Catch::Contains("app.onError() (apps/server/src/index.ts:3)"));
  CHECK_THAT(eh.reason, Catch::Contains("globalThis.addEventListener('unhandledrejection')"));
  CHECK(item(dr, "graceful-shutdown").verdict == Verdict::fail);
  CHECK_THAT(item(dr, "observability").reason, Catch::Contains("no structured logger"));
  // LogTape is a structured logger (openstatus logs through it).
  deno.add("apps/server/src/log.ts", "import { getLogger } from '@logtape/logtape';\nexport const log = getLogger('api');\n");
  CHECK_THAT(item(audit(deno), "observability").reason, !Catch::Contains("no structured logger"));
  deno.add("apps/server/src/serve.ts", "import { app } from './index';\n"
                                       "const server = Deno.serve({ port: 3000 }, app.fetch);\n"
                                       "Deno.addSignalListener('SIGTERM', () => server.shutdown());\n");
  CHECK(item(audit(deno), "graceful-shutdown").verdict == Verdict::pass);
  // The callback alone, in a server's package, is not a central handler.
  auto callback = audit(service(
      "import express from 'express';\nconst app = express();\napp.listen(3000);\nconst onError = () => {};\n"
      "onError?.(1);\n"));
  CHECK(item(callback, "error-handling").verdict == Verdict::fail);
}

TEST_CASE("checklist: error-handling", "[checklist]") {
  const std::string app = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
  CHECK(item(audit(service(app)), "error-handling").verdict == Verdict::fail);
  auto central = audit(service(app + "app.use((err, req, res, next) => res.status(500).end());\n"));
  CHECK(item(central, "error-handling").verdict == Verdict::partial);
  auto both = audit(service(app + "app.use(function (err, req, res, next) { res.status(500).end(); });\n"
                                  "process.on('unhandledRejection', (e) => { throw e; });\n"));
  CHECK(item(both, "error-handling").verdict == Verdict::pass);
  // Three-argument middleware is not an error handler.
  auto plain = audit(service(app + "app.use((req, res, next) => next());\n"));
  CHECK(item(plain, "error-handling").verdict == Verdict::fail);
  // Seen on louislam/uptime-kuma: a temporary listener in src/database.js
  // (sorted first) was the evidence instead of the server file's handler.
  auto two = service(app + "app.use((err, req, res, next) => res.status(500).end());\n"
                           "process.on('uncaughtException', (e) => console.error(e));\n");
  two.add("src/database.js", "export function migrate() {\n  const h = (e) => {};\n"
                             "  process.on('unhandledRejection', h);\n  process.off('unhandledRejection', h);\n}\n");
  auto tr = audit(two);
  const auto& eh = item(tr, "error-handling");
  CHECK(eh.verdict == Verdict::pass);
  CHECK_THAT(eh.reason, Catch::EndsWith("process.on('uncaughtException')"));
  REQUIRE(eh.evidence.size() >= 2);
  CHECK(eh.evidence[1].file == "src/server.js");
}

TEST_CASE("checklist: health-checks and observability", "[checklist]") {
  const std::string app = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
  CHECK(item(audit(service(app)), "health-checks").verdict == Verdict::fail);
  CHECK(item(audit(service(app + "app.get('/healthz', (q, s) => s.end());\n")), "health-checks").verdict ==
        Verdict::pass);
  // An index route is not a health check.
  CHECK(item(audit(service(app + "app.get('/', (q, s) => s.end());\n")), "health-checks").verdict == Verdict::fail);
  // Seen on hoppscotch/hoppscotch: an HTTP client's GET of a status URL
  // (no handler, a client receiver) was shown as the service's health route;
  // a resource's status route is not one either; /api/v1/status is.
  for (const char* client : {"restApi.get('/onboarding/status');\n", "app.get('/status');\n",
                             "this.httpClient.get('/health', { retries: 2 });\n",
                             "app.get('/orders/:id/status', (q, s) => s.end());\n"}) {
    INFO(client);
    CHECK(item(audit(service(app + client)), "health-checks").verdict == Verdict::fail);
  }
  CHECK(item(audit(service(app + "app.get('/api/v1/status', (q, s) => s.end());\n")), "health-checks").verdict ==
        Verdict::pass);
  CHECK(item(audit(service(app + "app.get('/health/ready', (q, s) => s.end());\n")), "health-checks").verdict ==
        Verdict::pass);
  CHECK(item(audit(service(app + "app.route('/healthz').get((q, s) => s.end());\n")), "health-checks").verdict ==
        Verdict::pass);
  // Seen on NodeBB: routes registered through a helper that takes the
  // router, the method and the path; its health route was not seen. A call
  // whose first argument is no router (an HTTP client's) is no route.
  const std::string helper = "function setupApiRoute(router, verb, path, handler) { router[verb](path, handler); }\n";
  auto via_helper = audit(service(app + helper + "setupApiRoute(router, 'get', '/api/v3/ping', controllers.ping);\n"));
  CHECK(item(via_helper, "health-checks").verdict == Verdict::pass);
  CHECK_THAT(item(via_helper, "health-checks").reason, Catch::Contains("setupApiRoute(…, 'get', '/api/v3/ping')"));
  CHECK(item(audit(service(app + "callApi(client, 'get', '/api/v3/ping');\n")), "health-checks").verdict ==
        Verdict::fail);
  CHECK(item(audit(service(app + helper + "setupApiRoute(router, 'post', '/api/v3/ping', controllers.ping);\n")),
             "health-checks")
            .verdict == Verdict::fail);  // a POST is no probe

  CHECK(item(audit(service(app + "console.log('up');\n")), "observability").verdict == Verdict::fail);
  auto pino = audit(service("import pino from 'pino';\n" + app, R"("express": "^5.1.0", "pino": "^9.0.0")"));
  CHECK(item(pino, "observability").verdict == Verdict::partial);
  auto full = audit(service("import pino from 'pino';\nimport client from 'prom-client';\n" + app,
                            R"("express": "^5.1.0", "pino": "^9.0.0", "prom-client": "^15.0.0")"));
  CHECK(item(full, "observability").verdict == Verdict::pass);
  // Seen on trigger.dev: OpenTelemetry and prom-client, its own JSON logger.
  auto metrics_only = audit(service("import client from 'prom-client';\nimport { trace } from '@opentelemetry/api';\n" + app,
                                    R"("express": "^5.1.0", "prom-client": "^15.0.0", "@opentelemetry/api": "^1.9.0")"));
  CHECK(item(metrics_only, "observability").verdict == Verdict::partial);
  CHECK_THAT(item(metrics_only, "observability").reason, Catch::Contains(", but no structured logger library"));
  // console in tests does not count against production code.
  auto s = service("import pino from 'pino';\nimport client from 'prom-client';\n" + app,
                   R"("express": "^5.1.0", "pino": "^9.0.0", "prom-client": "^15.0.0")");
  std::string noisy;
  for (int i = 0; i < 10; ++i) noisy += "console.log(" + std::to_string(i) + ");\n";
  s.add("test/server.test.js", noisy);
  CHECK(item(audit(s), "observability").verdict == Verdict::pass);
}

TEST_CASE("checklist: cycles count runtime cycles only", "[checklist]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"lib","version":"1.0.0"})");
  snap.add("src/a.ts", "import type { B } from './b';\nexport interface A { b?: B }\n");
  snap.add("src/b.ts", "import type { A } from './a';\nexport interface B { a?: A }\n");
  auto r = audit(snap);
  CHECK(item(r, "cycles").verdict == Verdict::pass);
  CHECK_THAT(item(r, "cycles").reason, Catch::Contains("1 only through type imports"));
  snap.add("src/c.ts", "import { d } from './d';\nexport const c = () => d;\n");
  snap.add("src/d.ts", "import { c } from './c';\nexport const d = () => c;\n");
  auto r2 = audit(snap);
  CHECK(item(r2, "cycles").verdict == Verdict::fail);
  CHECK(item(r2, "cycles").findings.size() == 1);
}

TEST_CASE("checklist: every format carries it", "[checklist][cli]") {
  auto example = q(fixtures_dir() / "example");
  auto json = run_archgate("check " + example + " --today 2026-12-02 --format json");
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["schemaVersion"] == 3);
  REQUIRE(j["checklist"].size() == 16);
  for (const auto& i : j["checklist"]) {
    CHECK(std::set<std::string>{"pass", "partial", "fail", "n/a", "not-checked"}.count(i["verdict"].get<std::string>()));
    CHECK(i.contains("evidence"));
    CHECK(i.contains("findings"));
  }
  // The cycle item points at the cycle finding by fingerprint.
  std::string cycle_fp;
  for (const auto& f : j["findings"]) {
    if (f["rule"] == "source/cycle") cycle_fp = f["fingerprint"];
  }
  for (const auto& i : j["checklist"]) {
    if (i["id"] == "cycles") CHECK(i["findings"] == nlohmann::json::array({cycle_fp}));
  }
  auto text = run_archgate("check " + example + " --today 2026-12-02");
  CHECK_THAT(text.out, Catch::Contains("Architecture checklist") && Catch::Contains("✗ cycles"));
  auto md = run_archgate("check " + example + " --today 2026-12-02 --format markdown");
  CHECK_THAT(md.out, Catch::Contains("| ❌ | `cycles` |"));
}

TEST_CASE("checklist: --fail-on item:fail / item:partial gate the run", "[checklist][cli]") {
  auto example = q(fixtures_dir() / "example");
  // The example's findings would fail the run; with none, only items decide.
  CHECK(run_archgate("check " + example + " --today 2026-12-02 --fail-on none").exit_code == 0);
  auto items = run_archgate("check " + example + " --today 2026-12-02 --fail-on none,item:fail");
  CHECK(items.exit_code == 1);
  CHECK_THAT(items.out, Catch::Contains("checklist items fail"));
  auto repeated = run_archgate("check " + example + " --today 2026-12-02 --fail-on none --fail-on item:partial --format json");
  CHECK(repeated.exit_code == 1);
  auto j = nlohmann::json::parse(repeated.out);
  CHECK(j["summary"]["failOnItems"] == "partial");
  CHECK(j["summary"]["failingItems"].get<int>() >= 5);
  CHECK(run_archgate("check " + example + " --fail-on item:maybe").exit_code == 2);
}

TEST_CASE("checklist: items skipped in archgate.toml are n/a with the reason; unknown ids are errors",
          "[checklist][config]") {
  auto snap = service("export {};\n");
  auto r = archgate::test::audit(snap, "2026-12-02", {}, [](archgate::core::Settings& s) {
    s.checklist_skip = {{"workers", "no queues in this service"}};
  });
  CHECK(item(r, "workers").verdict == Verdict::not_applicable);
  CHECK_THAT(item(r, "workers").reason, Catch::Contains("no queues in this service"));

  auto dir = std::filesystem::temp_directory_path() / ("archgate-checklist-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "package.json") << R"({"name":"x"})";
  std::ofstream(dir / "archgate.toml") << "[checklist]\nskip = [\"worker\"]\n";
  auto bad = run_archgate("check " + q(dir));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("archgate.toml:2") && Catch::Contains("unknown checklist item 'worker'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("checklist: explain ITEM, JUnit, SARIF and HTML", "[checklist][cli]") {
  auto ex = run_archgate("explain graceful-shutdown");
  CHECK(ex.exit_code == 0);
  CHECK_THAT(ex.out, Catch::Contains("How archgate judges it") && Catch::Contains("SIGTERM"));
  CHECK_THAT(run_archgate("explain").out, Catch::Contains("Architecture checklist items"));

  auto example = q(fixtures_dir() / "example");
  auto junit = run_archgate("check " + example + " --today 2026-12-02 --format junit");
  CHECK_THAT(junit.out, Catch::Contains("classname=\"archgate/checklist\" name=\"cycles\">\n    <failure"));
  CHECK_THAT(junit.out, Catch::Contains("classname=\"archgate/checklist\" name=\"workers\">\n    <skipped"));
  auto sarif = nlohmann::json::parse(run_archgate("check " + example + " --today 2026-12-02 --format sarif").out);
  int items = 0;
  for (const auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    if (rule["id"].get<std::string>().starts_with("checklist/")) ++items;
  }
  CHECK(items == 16);
  auto html = run_archgate("check " + example + " --today 2026-12-02 --format html");
  CHECK_THAT(html.out, Catch::Contains("<h2>Architecture checklist</h2>") &&
                           Catch::Contains("<details class=\"item fail\">"));
}

TEST_CASE("checklist: containers against six criteria, the worst Dockerfile decides", "[checklist]") {
  auto base = service("export {};\n");
  CHECK(item(audit(base), "containers").verdict == Verdict::not_applicable);

  auto good = base;
  good.add("Dockerfile",
           "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n"
           "FROM node:22-alpine\nENV NODE_ENV=production\nCOPY --from=build /app /app\nUSER node\n"
           "HEALTHCHECK CMD wget -qO- localhost:3000/healthz\nCMD [\"node\", \"src/server.js\"]\n");
  good.add(".dockerignore", "node_modules\n.env\n");
  {
    auto r = audit(good);
    const auto& c = item(r, "containers");
    CHECK(c.verdict == Verdict::pass);
    // A pass shows where each criterion is met (seen on umami: no evidence).
    CHECK(evidence_lines(c) == std::vector<std::string>{"Dockerfile:5 FROM node:22-alpine, the last of 2 stages",
                                         "Dockerfile:4 production-only install", "Dockerfile:6 NODE_ENV=production",
                                         "Dockerfile:8 USER node", ".dockerignore:0 excludes node_modules and .env"});
  }

  auto partial = good;
  partial.add(".dockerignore", "node_modules\n");  // .env is sent to the build
  auto p = audit(partial);
  CHECK(item(p, "containers").verdict == Verdict::partial);
  CHECK_THAT(item(p, "containers").reason, Catch::Contains("5 of 6") && Catch::Contains(".env"));

  // Seen on louislam/uptime-kuma: a base image others build FROM (apt
  // packages on a node image, no install, nothing built) is not the service;
  // judged only when no app image is there.
  auto with_base = good;
  with_base.add("docker/base.dockerfile", "FROM node:22.11-bookworm-slim\nRUN apt-get update && apt-get install -y curl\n");
  {
    auto r = audit(with_base);
    CHECK(item(r, "containers").verdict == Verdict::pass);
    CHECK_THAT(item(r, "containers").reason, !Catch::Contains("base.dockerfile"));
  }
  // Seen on uptime-kuma: the base image's helper stage installs packages for
  // a download script; the base names no command, the app image does.
  auto installing_base = good;
  installing_base.add("docker/debian-base.dockerfile",
                      "FROM node:22-bookworm-slim AS download\nWORKDIR /app\nRUN npm install cheerio semver && node fetch.mjs\n"
                      "FROM node:22-bookworm-slim AS base2\nCOPY --from=download /app/tool.deb ./tool.deb\n"
                      "RUN apt-get update && apt-get install -y ./tool.deb\n");
  {
    auto r = audit(installing_base);
    CHECK(item(r, "containers").verdict == Verdict::pass);
    CHECK_THAT(item(r, "containers").reason, !Catch::Contains("debian-base"));
  }
  auto only_base = base;
  only_base.add("docker/base.dockerfile", "FROM node:22.11-bookworm-slim\nRUN apt-get update && apt-get install -y curl\n");
  CHECK_THAT(item(audit(only_base), "containers").reason, Catch::Contains("docker/base.dockerfile"));

  auto bad = good;
  bad.add("api.Dockerfile", "FROM node:latest\nCOPY . .\nRUN npm install\nCMD node src/server.js\n");
  auto b = audit(bad);
  CHECK(item(b, "containers").verdict == Verdict::fail);
  CHECK_THAT(item(b, "containers").reason, Catch::Contains("api.Dockerfile") && Catch::Contains("runs as root"));

  // Seen on logto-io/logto and hedgedoc/hedgedoc: `NODE_ENV=production pnpm i`
  // and an install after ENV NODE_ENV=production are production installs; a
  // final stage that only copies Next.js standalone output ships no dev
  // install; Dockerfile.integration (for tests) is not what ships.
  const std::string tail = "FROM node:22-alpine\nENV NODE_ENV=production\nUSER node\nCMD [\"node\", \"server.js\"]\n";
  for (const std::string& build : {std::string("RUN rm -rf node_modules && NODE_ENV=production pnpm i\n"),
                                   std::string("ENV NODE_ENV=production\nRUN npm ci\n")}) {
    auto prod = good;
    prod.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\n" + build + tail);
    CHECK(item(audit(prod), "containers").verdict == Verdict::pass);
  }
  auto standalone = good;
  standalone.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n"
                               "RUN yarn build\nFROM node:22-alpine\nENV NODE_ENV=production\n"
                               "COPY --from=build /app/.next/standalone ./\nCOPY --from=build /app/.next/static ./.next/static\n"
                               "USER node\nCMD [\"node\", \"server.js\"]\n");
  CHECK(item(audit(standalone), "containers").verdict == Verdict::pass);
  auto whole = standalone;  // copying the build stage's tree ships its dev install
  whole.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n"
                          "FROM node:22-alpine\nENV NODE_ENV=production\nCOPY --from=build /app /app\nUSER node\n");
  CHECK_THAT(item(audit(whole), "containers").reason, Catch::Contains("no production-only install"));
  auto mixed = standalone;  // build output and node_modules in one COPY
  mixed.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n"
                          "FROM node:22-alpine\nENV NODE_ENV=production\nCOPY --from=build /app/dist /app/node_modules ./\n"
                          "USER node\n");
  CHECK_THAT(item(audit(mixed), "containers").reason, Catch::Contains("no production-only install"));
  // Seen on umami: `npm install -g pnpm` after ENV NODE_ENV=production was
  // cited as the production install. A global tool install puts nothing in
  // the project; the install of named packages after it (`pnpm --opt add x`)
  // is what the last stage ships, and is the evidence.
  auto global_tool = good;
  global_tool.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n"
                                "FROM node:22-alpine\nENV NODE_ENV=production\n"
                                "RUN set -x && apk add --no-cache curl && npm install -g pnpm\n"
                                "RUN pnpm --allow-build='@prisma/engines' add prisma chalk\n"
                                "COPY --from=build /app/.next/standalone ./\nUSER node\nCMD [\"node\", \"server.js\"]\n");
  {
    auto r = audit(global_tool);
    const auto& c = item(r, "containers");
    CHECK(c.verdict == Verdict::pass);
    auto ev = evidence_lines(c);
    CHECK(std::find(ev.begin(), ev.end(), "Dockerfile:9 production-only install") != ev.end());
    CHECK(std::find(ev.begin(), ev.end(), "Dockerfile:8 production-only install") == ev.end());
  }
  auto only_global = good;  // a last stage that installs only a tool, and copies the build's whole tree
  only_global.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
                                "FROM node:22-alpine\nENV NODE_ENV=production\nRUN npm i -g pm2 && yarn global add serve\n"
                                "COPY --from=build /app /app\nUSER node\n");
  CHECK_THAT(item(audit(only_global), "containers").reason, Catch::Contains("no production-only install"));
  auto filtered = good;  // options before the subcommand, and a production flag after it
  filtered.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\n"
                             "RUN npm install -g pnpm && pnpm --filter api install --prod --frozen-lockfile\n" + tail);
  CHECK(item(audit(filtered), "containers").verdict == Verdict::pass);
  for (const std::string& wrapped : {std::string("RUN npx -y pnpm@9.1.0 install --prod\n"),
                                     std::string("RUN corepack enable && corepack pnpm install --prod\n"),
                                     std::string("RUN sudo npm ci --omit=dev\n")}) {
    auto w = good;  // the package manager run through a wrapper
    w.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\n" + wrapped + tail);
    INFO(wrapped);
    CHECK(item(audit(w), "containers").verdict == Verdict::pass);
  }
  // Seen on excalidraw: RUN's own options come before the command
  // (`RUN --mount=type=cache,... yarn --frozen-lockfile`), and a CodeSandbox
  // image (.codesandbox/Dockerfile, FROM node:24 with apt packages) is a
  // development environment, not what ships.
  auto mounted = good;
  mounted.add("Dockerfile", "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\n"
                            "RUN --mount=type=cache,target=/root/.cache/yarn NODE_ENV=production yarn --frozen-lockfile\n" + tail);
  mounted.add(".codesandbox/Dockerfile", "FROM node:24-bullseye\nRUN apt update -y && apt install -y xdg-utils\n");
  {
    auto r = audit(mounted);
    CHECK(item(r, "containers").verdict == Verdict::pass);
    CHECK_THAT(item(r, "containers").reason, !Catch::Contains(".codesandbox"));
  }
  auto integration = good;
  integration.add("Dockerfile.integration", "FROM node:22\nCOPY . .\nRUN npm install\nCMD npm test\n");
  integration.add("docker/e2e.Dockerfile", "FROM node:22\nCOPY . .\nRUN npm install\nCMD npm test\n");
  CHECK(item(audit(integration), "containers").verdict == Verdict::pass);
  auto only_tests = base;  // judged when nothing else is there
  only_tests.add("Dockerfile.integration", "FROM node:22\nCOPY . .\nRUN npm install\nCMD npm test\n");
  CHECK(item(audit(only_tests), "containers").verdict == Verdict::fail);
}

TEST_CASE("checklist: health checks count container probes; libraries and test apps are not services",
          "[checklist]") {
  const std::string app = "import express from 'express';\nconst app = express();\napp.listen(3000);\n"
                          "app.get('/healthz', (q, s) => s.end());\n";
  auto with_docker = service(app);
  with_docker.add("Dockerfile", "FROM node:22-alpine\nUSER node\nCMD node src/server.js\n");
  CHECK(item(audit(with_docker), "health-checks").verdict == Verdict::partial);  // nothing probes the route
  with_docker.add("Dockerfile", "FROM node:22-alpine\nUSER node\nHEALTHCHECK CMD curl -f localhost/healthz\n");
  CHECK(item(audit(with_docker), "health-checks").verdict == Verdict::pass);
  // Seen on louislam/uptime-kuma: a stage built on the one with the
  // HEALTHCHECK inherits it, as Docker does; HEALTHCHECK NONE switches it off.
  with_docker.add("Dockerfile", "FROM node:22-alpine AS release\nUSER node\nHEALTHCHECK CMD curl -f localhost/healthz\n"
                                "FROM release AS rootless\nUSER node\n");
  CHECK(item(audit(with_docker), "health-checks").verdict == Verdict::pass);
  with_docker.add("Dockerfile", "FROM node:22-alpine AS release\nUSER node\nHEALTHCHECK CMD curl -f localhost/healthz\n"
                                "FROM release AS quiet\nHEALTHCHECK NONE\n");
  CHECK(item(audit(with_docker), "health-checks").verdict == Verdict::partial);
  // Seen on karakeep: a multi-target Dockerfile whose web stage probes and
  // whose last stage is a CLI image; a builder's HEALTHCHECK does not count.
  with_docker.add("Dockerfile", "FROM node:22-alpine AS builder\nHEALTHCHECK CMD true\nRUN npm ci\n"
                                "FROM builder AS web\nHEALTHCHECK CMD curl -f localhost/healthz\n"
                                "FROM builder AS cli\nHEALTHCHECK NONE\nCMD node cli.js\n");
  {
    auto r = audit(with_docker);
    const auto& h = item(r, "health-checks");
    CHECK(h.verdict == Verdict::pass);
    CHECK_THAT(h.reason, Catch::Contains("Dockerfile:5"));
  }
  with_docker.add("Dockerfile", "FROM node:22-alpine AS builder\nHEALTHCHECK CMD true\nRUN npm ci\n"
                                "FROM builder AS cli\nHEALTHCHECK NONE\nCMD node cli.js\n");
  CHECK(item(audit(with_docker), "health-checks").verdict == Verdict::partial);

  // Seen on uptime-kuma: GET /status serves the public status page, whose
  // siblings take a slug (/status/:slug); a collection is not a health check.
  {
    const std::string pages = "import express from 'express';\nconst app = express();\napp.listen(3000);\n"
                              "app.get('/status', cache('5 minutes'), (q, s) => page(s, 'default'));\n"
                              "app.get('/status/:slug', (q, s) => page(s, q.params.slug));\n";
    auto r = audit(service(pages));
    CHECK(item(r, "health-checks").verdict != Verdict::pass);
    CHECK_THAT(item(r, "health-checks").reason, !Catch::Contains("'/status'"));
    const std::string probe = "import express from 'express';\nconst app = express();\napp.listen(3000);\n"
                              "app.get('/status', (q, s) => s.json({ ok: true }));\n";
    CHECK_THAT(item(audit(service(probe)), "health-checks").reason, Catch::Contains("'/status'"));
  }

  // Seen on trigger.dev and karakeep: compose healthchecks of a database, an
  // object store and an e2e mock server were counted as the app's probe.
  auto with_compose = service(app);
  with_compose.add("Dockerfile", "FROM node:22-alpine\nUSER node\nCMD node src/server.js\n");
  with_compose.add("docker-compose.yml",
                   "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"
                   "  minio:\n    image: quay.io/minio/minio:latest\n    healthcheck:\n      test: curl -f localhost:9000\n"
                   "  app:\n    build: .\n    ports: [\"3000:3000\"]\n");
  with_compose.add("e2e/docker-compose.yml",
                   "services:\n  app:\n    build: ..\n    healthcheck:\n      test: curl -f localhost:3000/healthz\n");
  {
    auto r = audit(with_compose);
    const auto& h = item(r, "health-checks");
    CHECK(h.verdict == Verdict::partial);
  }
  // The app's own service probes it: built here, or an image that is not infrastructure.
  with_compose.add("docker-compose.yml",
                   "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: pg_isready\n"
                   "  app:\n    build: .\n    healthcheck:\n      test: curl -f localhost:3000/healthz\n");
  {
    auto r = audit(with_compose);
    const auto& h = item(r, "health-checks");
    CHECK(h.verdict == Verdict::pass);
    CHECK_THAT(h.reason, Catch::Contains("docker-compose.yml:8"));
  }
  with_compose.add("docker-compose.yml",
                   "services:\n  app:\n    image: ghcr.io/acme/api:1.4\n    healthcheck:\n      test: curl -f localhost/healthz\n");
  CHECK(item(audit(with_compose), "health-checks").verdict == Verdict::pass);

  // A published library (not private, no start script, an exports map) is not an application.
  MemorySnapshot lib;
  lib.add("package.json", R"({"name":"sdk","version":"1.0.0","exports":"./src/index.js"})");
  lib.add("src/index.js", "import http from 'node:http';\nexport const start = () => http.createServer().listen(0);\n");
  CHECK(item(audit(lib), "graceful-shutdown").verdict == Verdict::not_applicable);

  // A server in an e2e test application is not production code.
  MemorySnapshot repo;
  repo.add("package.json", R"({"name":"r","private":true})");
  repo.add("dev-packages/e2e-tests/test-applications/app/src/main.js",
           "import express from 'express';\nexpress().listen(3000);\n");
  CHECK(item(audit(repo), "graceful-shutdown").verdict == Verdict::not_applicable);
}

// Seen on trigger.dev: the evidence was MachinePresetName.safeParse(name),
// the first parse in env.server.ts, where the same file parses process.env.
TEST_CASE("checklist: secrets-config cites the parse of process.env, not another parse in its file",
          "[checklist][secrets][regression]") {
  auto snap = service("import express from 'express';\nexpress().listen(Number(process.env.PORT));\n",
                      R"("express": "^5.1.0", "zod": "^3.23.0")");
  snap.add("src/env.ts", "import { z } from 'zod';\nconst Preset = z.enum(['small', 'large']);\n"
                         "export function preset(name: string) {\n  return Preset.safeParse(name);\n}\n"
                         "const Env = z.object({ PORT: z.string() });\nexport const env = Env.parse(process.env);\n");
  auto r = audit(snap);
  const auto& it = item(r, "secrets-config");
  CHECK(it.verdict == Verdict::pass);
  CHECK_THAT(it.reason, Catch::Contains("Env.parse(process.env), src/env.ts:7"));
}

TEST_CASE("checklist: secrets-config's example of an unvalidated read is from what the server runs",
          "[checklist][secrets][regression]") {
  // Seen on uptime-kuma: the example was process.env.UPTIME_KUMA_GH_REPO in
  // extra/checkout-pr.mjs, a release script (which sorts first).
  auto snap = service("import express from 'express';\nimport { port } from './config.js';\nexpress().listen(port);\n");
  snap.add("src/config.js", "export const port = Number(process.env.PORT ?? 3000);\n");
  snap.add("extra/release/publish.mjs", "import { run } from './util.mjs';\nrun(process.env.RELEASE_TOKEN);\n");
  snap.add("extra/release/util.mjs", "export const run = (t) => t;\n");
  auto r = audit(snap);
  const auto& it = item(r, "secrets-config");
  CHECK(it.verdict == Verdict::partial);
  CHECK_THAT(it.reason, Catch::Contains("process.env.PORT at src/config.js:1"));
}

TEST_CASE("checklist: secrets-config finds committed secrets, never prints them, and looks for validation",
          "[checklist][secrets]") {
  // Tokens are assembled at run time so that this file holds none.
  const std::string aws = std::string("AKIA") + "Q3EGRZ7KX2MBVN4D";
  const std::string ghp = std::string("ghp_") + std::string(36, 'a');
  auto hits = archgate::analyzers::source::find_secrets("const k = '" + aws + "';\nconst t = \"" + ghp + "\";\n");
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].first == "AWS access key id");
  CHECK(hits[0].second.line == 1);
  CHECK(hits[0].second.column == 12);
  CHECK(hits[1].second.line == 2);
  // Documented placeholders and look-alikes inside longer words are not secrets.
  CHECK(archgate::analyzers::source::find_secrets("AKIAIOSFODNN7EXAMPLE and XAKIA" + aws.substr(4)).empty());

  // Every shape is found wherever it sits: the pass looks at sixteen bytes
  // at a time, then byte by byte at the end of the text.
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {std::string("AKIA") + "Q3EGRZ7KX2MBVN4D", "AWS access key id"},
      {std::string("ASIA") + "Q3EGRZ7KX2MBVN4D", "AWS temporary access key id"},
      {std::string("gho_") + std::string(36, 'b'), "GitHub OAuth token"},
      {std::string("ghs_") + std::string(36, 'c'), "GitHub app token"},
      {std::string("github_pat_") + std::string(60, 'd'), "GitHub fine-grained token"},
      {std::string("glpat-") + std::string(20, 'e'), "GitLab personal access token"},
      {std::string("xoxb-") + std::string(20, 'f'), "Slack bot token"},
      {std::string("xoxp-") + std::string(20, 'g'), "Slack user token"},
      {std::string("sk_live_") + std::string(24, 'h'), "Stripe live secret key"},
      {std::string("rk_live_") + std::string(24, 'i'), "Stripe live restricted key"},
      {std::string("AIza") + std::string(35, 'j'), "Google API key"},
      {std::string("npm_") + std::string(36, 'k'), "npm access token"},
      {std::string("sk-proj-") + std::string(40, 'l'), "OpenAI API key"},
      {std::string("sk-ant-") + std::string(40, 'm'), "Anthropic API key"},
      {std::string("SG.") + std::string(60, 'n'), "SendGrid API key"},
      {std::string("-----BEGIN ") + "PRIVATE KEY-----\n" + std::string(64, 'Q'), "private key"},
      {std::string("-----BEGIN ") + "OPENSSH PRIVATE KEY-----\\n" + std::string(40, 'b'), "private key"},
  };
  for (const auto& [token, kind] : shapes) {
    for (std::size_t pad : {0, 1, 7, 15, 16, 17, 31, 40}) {
      std::string text = std::string(pad, ' ') + token;
      for (const std::string& tail : {std::string(), std::string(";"), std::string(" // ") + std::string(20, 'z')}) {
        auto found = archgate::analyzers::source::find_secrets(text + tail);
        INFO(kind << " after " << pad << " spaces, tail '" << tail << "'");
        REQUIRE(found.size() == 1);
        CHECK(found[0].first == kind);
        CHECK(found[0].second.column == static_cast<int>(pad) + 1);
      }
    }
  }
  // Seen on hoppscotch/hoppscotch: an editor's placeholder is not a key.
  CHECK(archgate::analyzers::source::find_secrets(std::string("placeholder: `-----BEGIN ") +
                                                  "PRIVATE KEY-----\nYour private key here\n-----END PRIVATE KEY-----`")
            .empty());
  // Seen on Kong/insomnia: a sample key held by a name that says so (a UI
  // placeholder) is not a committed secret; the same key under another name is.
  const std::string pem = std::string("-----BEGIN ") + "RSA PRIVATE KEY-----\n" + std::string(64, 'M') + "\n";
  for (const std::string& held : {"const PRIVATE_KEY_PLACEHOLDER = `\n" + pem + "`;\n",
                                  "  sampleToken: '" + ghp + "',\n", "<input placeholder=\"" + aws + "\" />\n",
                                  "{\"example_key\": \"" + ghp + "\"}\n", "const fakeAws = \"" + aws + "\";\n"}) {
    INFO(held);
    CHECK(archgate::analyzers::source::find_secrets(held).empty());
  }
  for (const std::string& kept : {"const PRIVATE_KEY = `\n" + pem + "`;\n", "  token: '" + ghp + "',\n",
                                  "const keys = ['" + aws + "'];\n", "login(EXAMPLE, '" + ghp + "');\n"}) {
    INFO(kept);
    CHECK(archgate::analyzers::source::find_secrets(kept).size() == 1);
  }
  // Hits come in the order they occur, at most 20.
  std::string many;
  for (int i = 0; i < 25; ++i) many += (i % 2 == 0 ? ghp : aws) + "\n";
  auto first20 = archgate::analyzers::source::find_secrets(many);
  REQUIRE(first20.size() == 20);
  CHECK(first20[0].first == "GitHub personal access token");
  CHECK(first20[1].first == "AWS access key id");
  CHECK(first20[19].second.line == 20);

  const std::string app = "import express from 'express';\nconst app = express();\napp.listen(process.env.PORT);\n";
  auto leaked = service(app + "const key = '" + aws + "';\n");
  auto r = audit(leaked);
  CHECK(item(r, "secrets-config").verdict == Verdict::fail);
  CHECK(item(r, "secrets-config").evidence.front().line == 4);
  CHECK(item(r, "secrets-config").reason.find(aws) == std::string::npos);  // never printed
  auto json = archgate::test::run_archgate("explain secrets-config");
  CHECK(json.exit_code == 0);

  // A committed .env with a real-looking secret fails; public and placeholder values do not.
  auto env = service(app);
  env.add(".env", "# local\nVITE_API=https://api.example.com\nSESSION_SECRET=changeme\nDB_PASSWORD=k8s-Hq9-pRod\n");
  auto e = audit(env);
  CHECK(item(e, "secrets-config").verdict == Verdict::fail);
  CHECK(item(e, "secrets-config").evidence.front().file == ".env");
  CHECK(item(e, "secrets-config").evidence.front().line == 4);
  // Seen on danielfsousa/express-rest-boilerplate: a generated JWT_SECRET in
  // .travis.yml's env passed as "no committed secrets found". A service
  // container's short password and ${{ secrets.X }} are not secrets in the file.
  auto travis = service(app);
  travis.add(".travis.yml", "language: node_js\nenv:\n  global:\n    - NODE_ENV=test\n"
                            "    - JWT_SECRET=bA2xcjpf8y5aSUFsNB2qN5yymUBSs6es3qHoFpGkec75RCeBb8\n");
  auto t = audit(travis);
  CHECK(item(t, "secrets-config").verdict == Verdict::fail);
  CHECK(item(t, "secrets-config").evidence.front().file == ".travis.yml");
  CHECK(item(t, "secrets-config").evidence.front().line == 5);
  CHECK_THAT(item(t, "secrets-config").reason, Catch::Contains("committed CI configuration sets JWT_SECRET"));
  auto gha = service(app);
  gha.add(".github/workflows/ci.yml", "jobs:\n  t:\n    services:\n      db:\n        env:\n"
                                      "          POSTGRES_PASSWORD: postgres\n"
                                      "          DATABASE_URL: postgresql://postgres:testpass1234@localhost:5432/app\n    env:\n"
                                      "      API_TOKEN: ${{ secrets.API_TOKEN }}\n    steps:\n      - run: npm test\n");
  CHECK(item(audit(gha), "secrets-config").verdict != Verdict::fail);
  gha.add(".github/workflows/deploy.yml", "jobs:\n  d:\n    env:\n      DEPLOY_TOKEN: \"ghx7Qm2pL9vR4tY8wE3uI6oP1aS5dF0g\"\n");
  CHECK(item(audit(gha), "secrets-config").verdict == Verdict::fail);

  auto public_only = service(app);
  public_only.add(".env.production", "VITE_API_KEY=pk_public_123456\nSESSION_SECRET=<set in the vault>\n");
  public_only.add(".env.example", "DB_PASSWORD=supersecretvalue\n");
  CHECK(item(audit(public_only), "secrets-config").verdict == Verdict::partial);  // unvalidated env only

  // A .gitignore'd .env is not committed; envalid validates the environment.
  auto validated = service("import { cleanEnv, port } from 'envalid';\n" + app, R"("express": "^5", "envalid": "^8")");
  validated.add(".gitignore", ".env\n");
  validated.add(".env", "DB_PASSWORD=k8s-Hq9-pRod\n");
  CHECK(item(audit(validated), "secrets-config").verdict == Verdict::pass);

  // Seen on hedgedoc/hedgedoc: zod over the variables one by one in
  // src/config/app.config.ts (application code, not tool configuration) is
  // validation; a markdown-it plugin's { validate } option is not.
  auto nest = service("import express from 'express';\nimport markdownItContainer from 'markdown-it-container';\n"
                      "import { z } from 'zod';\nconst app = express();\napp.listen(Number(process.env.PORT));\n"
                      "app.get('/x', (q, s) => s.json(z.string().parse(q.query.x)));\n"
                      "markdownItContainer({ validate: (p) => true });\n",
                      R"("express": "^5.1.0", "zod": "^3.0.0", "markdown-it-container": "^4.0.0")");
  CHECK(item(audit(nest), "secrets-config").verdict == Verdict::partial);
  nest.add("src/config/app.config.ts", "import { z } from 'zod';\nconst schema = z.object({ port: z.number() });\n"
                                       "export const config = schema.safeParse({ port: process.env.PORT });\n");
  auto nest_result = audit(nest);
  const auto& sc = item(nest_result, "secrets-config");
  CHECK(sc.verdict == Verdict::pass);
  CHECK_THAT(sc.reason, Catch::Contains("src/config/app.config.ts"));
}

TEST_CASE("checklist: CI commands are read from each CI format; comments are not steps", "[checklist][ci]") {
  archgate::analyzers::CiFacts ci;
  archgate::analyzers::read_ci_file(".github/workflows/ci.yml",
                                    "jobs:\n  test:\n    steps:\n      - run: npm ci\n      # - run: npm run typecheck\n"
                                    "      - name: test\n        run: |\n          npm run lint\n          npm test\n",
                                    ci);
  archgate::analyzers::read_ci_file(".gitlab-ci.yml", "test:\n  script:\n    - pnpm install\n    - pnpm -r test\n", ci);
  archgate::analyzers::read_ci_file("Jenkinsfile", "stage('t') {\n  steps {\n    sh 'npx tsc --noEmit'\n    // sh 'npm test'\n  }\n}\n", ci);
  std::vector<std::string> texts;
  for (const auto& c : ci.commands) texts.push_back(c.file + ":" + std::to_string(c.line) + " " + c.text);
  CHECK(texts == std::vector<std::string>{".github/workflows/ci.yml:4 npm ci", ".github/workflows/ci.yml:8 npm run lint",
                                          ".github/workflows/ci.yml:9 npm test", ".gitlab-ci.yml:3 pnpm install",
                                          ".gitlab-ci.yml:4 pnpm -r test", "Jenkinsfile:3 npx tsc --noEmit"});
}

// Seen on louislam/uptime-kuma: `tsc` in a step with continue-on-error:
// true was credited as the type check that gates CI.
TEST_CASE("checklist: a CI step or job that may fail gates nothing", "[checklist][ci][regression]") {
  archgate::analyzers::CiFacts ci;
  archgate::analyzers::read_ci_file(".github/workflows/ci.yml",
                                    "jobs:\n  check:\n    steps:\n"
                                    "      - run: npm ci\n"                                   // 4
                                    "      - name: types\n        continue-on-error: true\n"
                                    "        run: npx tsc --noEmit\n"                          // 7
                                    "      - run: npm run lint\n        continue-on-error: true\n"  // 8
                                    "      - name: block\n        run: |\n          npm test\n"      // 12
                                    "          npm run e2e\n        continue-on-error: \"true\"\n"  // 13
                                    "      - run: npm run build\n"                               // 15
                                    "      - run: npm run docs\n        continue-on-error: false\n",  // 16
                                    ci);
  archgate::analyzers::read_ci_file(".gitlab-ci.yml",
                                    "audit:\n  script:\n    - npm audit\n  allow_failure: true\n"
                                    "test:\n  script:\n    - npm test\n",
                                    ci);
  std::vector<std::string> gating, tolerated;
  for (const auto& c : ci.commands) (c.may_fail ? tolerated : gating).push_back(std::to_string(c.line) + " " + c.text);
  CHECK(gating == std::vector<std::string>{"4 npm ci", "15 npm run build", "16 npm run docs", "7 npm test"});
  CHECK(tolerated == std::vector<std::string>{"7 npx tsc --noEmit", "8 npm run lint", "12 npm test", "13 npm run e2e",
                                              "3 npm audit"});

  // And the checklist does not count them.
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","private":true,"devDependencies":{"typescript":"^5.6.0"}})");
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("src/app.ts", "export const a = 1;\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: npx tsc --noEmit\n"
                                       "        continue-on-error: true\n");
  auto r = audit(snap);
  CHECK(item(r, "typecheck-in-ci").verdict != Verdict::pass);
}

// Seen on umami: next.config.ts sets typescript.ignoreBuildErrors, and
// `next build` in CI was credited as the type check.
TEST_CASE("checklist: next build that ignores type errors is no type check", "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"scripts":{"build":"next build"},)"
                           R"("dependencies":{"next":"^16.0.0"},"devDependencies":{"typescript":"^5.9.0"}})");
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("src/app.ts", "export const a = 1;\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: npm run build\n");
  snap.add("next.config.ts", "export default {\n  output: 'standalone',\n  typescript: { ignoreBuildErrors: true },\n};\n");
  auto r = audit(snap);
  const auto& it = item(r, "typecheck-in-ci");
  CHECK(it.verdict == Verdict::partial);  // strict, but nothing checks
  CHECK_THAT(it.reason, Catch::StartsWith("no CI step type-checks: next build ignores type errors (next.config.ts:3)"));
  // Without the setting, next build checks types.
  snap.add("next.config.ts", "export default { typescript: { ignoreBuildErrors: false } };\n");
  auto checked = audit(snap);
  CHECK(item(checked, "typecheck-in-ci").verdict == Verdict::pass);
}

TEST_CASE("checklist: tests-in-ci and typecheck-in-ci follow CI through package scripts", "[checklist][ci]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","private":true,"scripts":{"test":"vitest run","check":"tsc --noEmit","ci":"npm run check && npm test"}})");
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("src/app.ts", "export const a = 1;\n");
  snap.add("src/app.test.ts", "import { a } from './app';\n");
  // Without CI: a suite exists, nothing runs it.
  auto none = audit(snap);
  CHECK(item(none, "tests-in-ci").verdict == Verdict::partial);
  CHECK(item(none, "typecheck-in-ci").verdict == Verdict::partial);  // strict, no CI
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: npm ci\n      - run: npm run ci\n");
  auto r = audit(snap);
  CHECK(item(r, "tests-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "tests-in-ci").reason, Catch::Contains("vitest run") && Catch::Contains("ci.yml:5"));
  CHECK(item(r, "typecheck-in-ci").verdict == Verdict::pass);
  // Not strict: noImplicitAny alone is not enough.
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"noImplicitAny\": true } }\n");
  CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::partial);
  // strict through an extends chain, switched back on piecewise
  snap.add("tsconfig.base.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("tsconfig.json", "{ \"extends\": \"./tsconfig.base.json\", \"compilerOptions\": { \"outDir\": \"dist\" } }\n");
  CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::pass);
  // esbuild does not type-check
  snap.add("package.json", R"({"name":"svc","private":true,"scripts":{"test":"vitest run","ci":"esbuild src/app.ts && npm test"}})");
  CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::partial);
  // Seen on hoppscotch/hoppscotch: a root jsconfig.json (editor path aliases)
  // was named as the loose config; tsconfig.json files are what a type check reads.
  snap.add("jsconfig.json", "{ \"compilerOptions\": { \"paths\": { \"~/*\": [\"./src/*\"] } } }\n");
  CHECK_THAT(item(audit(snap), "typecheck-in-ci").reason, Catch::Contains("strict in 2 tsconfigs"));  // the jsconfig is not one
  snap.add("packages/a/tsconfig.json", "{ \"compilerOptions\": { \"strict\": false } }\n");
  snap.add("packages/b/tsconfig.json", "{ }\n");
  snap.add("packages/a/src/x.ts", "export const x = 1;\n");
  snap.add("packages/b/src/y.ts", "export const y = 1;\n");
  CHECK_THAT(item(audit(snap), "typecheck-in-ci").reason,
             Catch::Contains("packages/a/tsconfig.json and 1 more tsconfigs are not strict"));
}

// Seen on openstatusHQ/openstatus: `pnpm turbo run test` (pnpm runs the
// turbo binary: no script has that name) ran no test runner, and the
// workspaces' `deno check` was no type check.
TEST_CASE("checklist: pnpm and yarn run binaries; deno check type-checks", "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["apps/*"],"scripts":{"check":"turbo run check"}})");
  snap.add("apps/server/package.json",
           R"({"name":"server","private":true,"scripts":{"test":"deno test -A","check":"deno check src/serve.ts"}})");
  snap.add("apps/server/tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("apps/server/src/serve.ts", "export const a = 1;\n");
  snap.add("apps/server/src/serve.test.ts", "import { a } from './serve';\n");
  snap.add(".github/workflows/ci.yml",
           "jobs:\n  ci:\n    steps:\n      - run: pnpm install\n      - run: pnpm turbo run test --filter=server\n"
           "      - run: pnpm check\n");
  auto r = audit(snap);
  CHECK(item(r, "tests-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "tests-in-ci").reason, Catch::Contains("deno test -A") && Catch::Contains("ci.yml:5"));
  CHECK(item(r, "typecheck-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "typecheck-in-ci").reason, Catch::Contains("deno check src/serve.ts"));
  // `pnpm exec` names the binary too; npm does not run binaries by name.
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: pnpm exec vitest run\n");
  CHECK_THAT(item(audit(snap), "tests-in-ci").reason, Catch::Contains("vitest run"));
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: npm vitest run\n");
  CHECK(item(audit(snap), "tests-in-ci").verdict == Verdict::partial);
}

// Seen on hedgedoc/hedgedoc: CI's `yarn build` runs `dotenv -c production --
// turbo run build`, and the backend's build is `./build.sh`, whose `nest
// build` type-checks; typecheck-in-ci said no CI step type-checks.
TEST_CASE("checklist: CI is followed through dotenv and through shell scripts that package scripts run",
          "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json",
           R"({"name":"root","private":true,"workspaces":["backend"],"scripts":{"build":"dotenv -c production -- turbo run build"}})");
  snap.add("backend/package.json", R"({"name":"backend","private":true,"scripts":{"build":"./build.sh"}})");
  snap.add("backend/build.sh", "#!/bin/sh\n# nest build is commented here\nset -eu\ncd \"$(dirname \"$0\")\" || exit 1\n"
                               "if [ -d dist ]; then\n  rm -rf dist\nfi\nnest build\n");
  snap.add("backend/tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("backend/src/main.ts", "export const a = 1;\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: yarn install\n      - run: yarn build\n");
  auto r = audit(snap);
  CHECK(item(r, "typecheck-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "typecheck-in-ci").reason, Catch::Contains("nest build") && Catch::Contains("ci.yml:5"));
  // A script that only builds without type-checking is no type check.
  snap.add("backend/build.sh", "#!/bin/sh\n# nest build\nesbuild src/main.ts --bundle\n");
  CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::partial);
  // `sh scripts/check.sh` from the root: the script's lines run at the root.
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["backend"],"scripts":{"build":"sh scripts/check.sh"}})");
  snap.add("scripts/check.sh", "tsc -p backend --noEmit\n");
  CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::pass);
}

// Seen on trigger.dev: `pnpm run build --filter web` was credited with the
// `tsc` of a workspace the filter leaves out.
TEST_CASE("checklist: --filter narrows the workspaces a CI command runs", "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["apps/*"],"scripts":{"build":"turbo run build"}})");
  snap.add("apps/web/package.json", R"({"name":"web","private":true,"scripts":{"build":"tsup src/index.ts"}})");
  snap.add("apps/api/package.json", R"({"name":"@acme/api","private":true,"scripts":{"build":"tsc -p ."}})");
  snap.add("apps/api/tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("apps/api/src/a.ts", "export const a = 1;\n");
  snap.add("apps/web/src/index.ts", "export const w = 1;\n");
  for (const char* line : {"npm run build -- --filter web", "pnpm run build --filter web", "pnpm --filter=./apps/web build",
                           "pnpm build --filter '!@acme/api'"}) {
    INFO(line);
    snap.add(".github/workflows/ci.yml", std::string("jobs:\n  ci:\n    steps:\n      - run: ") + line + "\n");
    CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::partial);
  }
  for (const char* line : {"pnpm run build --filter @acme/*", "pnpm run build", "pnpm -F ./apps/api... build",
                           "turbo run build --filter=...[origin/main]"}) {
    INFO(line);
    snap.add(".github/workflows/ci.yml", std::string("jobs:\n  ci:\n    steps:\n      - run: ") + line + "\n");
    CHECK(item(audit(snap), "typecheck-in-ci").verdict == Verdict::pass);
  }
}

// Seen on notiz-dev/nestjs-prisma-starter: native-platform passed with "no
// production dependency that Node.js replaces" beside a native-replacement
// note for bcrypt; dependency-hygiene said "0 hygiene findings" beside notes.
TEST_CASE("checklist: notes are said where items pass over them", "[checklist][regression]") {
  auto snap = service("import express from 'express';\nimport bcrypt from 'bcrypt';\nconst app = express();\n"
                      "app.listen(3000);\nconsole.log(bcrypt);\n",
                      R"("express": "^5.1.0", "bcrypt": "^5.1.1")");
  snap.add(".nvmrc", "24\n");
  snap.add("package-lock.json", R"({"name":"svc","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
    "":{"name":"svc","version":"1.0.0","dependencies":{"express":"^5.1.0","bcrypt":"^5.1.1"}},
    "node_modules/express":{"version":"5.1.0","resolved":"https://registry.npmjs.org/express/-/express-5.1.0.tgz","integrity":"sha512-AAAA"},
    "node_modules/bcrypt":{"version":"5.1.1","resolved":"https://registry.npmjs.org/bcrypt/-/bcrypt-5.1.1.tgz","integrity":"sha512-AAAA","hasInstallScript":true}}})");
  auto r = audit(snap);
  bool note = std::any_of(r.findings.begin(), r.findings.end(), [](const auto& f) {
    return f.rule == "deps/native-replacement" && f.severity == archgate::core::Severity::note;
  });
  REQUIRE(note);  // bcrypt → node:crypto is advice, not a drop-in replacement
  const auto& np = item(r, "native-platform");
  CHECK(np.verdict == Verdict::pass);
  CHECK_THAT(np.reason, Catch::Contains("1 note suggests a native alternative (e.g. bcrypt"));
}

// Seen on danielfsousa/express-rest-boilerplate: `nyc --reporter=html mocha`
// hid mocha from tests-in-ci.
TEST_CASE("checklist: a coverage wrapper (nyc, c8) runs the test runner after its options", "[checklist][ci][regression]") {
  for (const char* wrapper : {"nyc --reporter=html --reporter=text", "c8 --all"}) {
    INFO(wrapper);
    MemorySnapshot snap;
    snap.add("package.json", std::string(R"({"name":"svc","private":true,"scripts":{"validate":"yarn lint && yarn test","lint":"eslint .","test":"cross-env NODE_ENV=test )") +
                                 wrapper + R"( mocha src/**/*.test.js"}})");
    snap.add("src/a.test.js", "export {};\n");
    snap.add(".travis.yml", "language: node_js\nscript: yarn validate\n");
    snap.add(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: yarn validate\n");
    auto r = audit(snap);
    CHECK(item(r, "tests-in-ci").verdict == Verdict::pass);
    CHECK_THAT(item(r, "tests-in-ci").reason, Catch::Contains("mocha"));
  }
}

// Seen on elysiajs/elysia: `bun run test` was taken for bun's own runner
// (`bun test`), so the package's test script — which runs tsc too — was
// never followed.
TEST_CASE("checklist: bun run test runs the test script; bun test is bun's runner", "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"lib","private":true,"scripts":{"test":"bun test && tsc --noEmit"}})");
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true } }\n");
  snap.add("src/a.ts", "export const a = 1;\n");
  snap.add("test/a.test.ts", "import { a } from '../src/a';\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: bun run test\n");
  auto r = audit(snap);
  CHECK(item(r, "tests-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "tests-in-ci").reason, Catch::Contains("CI runs bun test ("));  // no blank before '('
  CHECK(item(r, "typecheck-in-ci").verdict == Verdict::pass);
  snap.add(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: bun test\n");
  auto direct = audit(snap);
  CHECK(item(direct, "tests-in-ci").verdict == Verdict::pass);
  CHECK(item(direct, "typecheck-in-ci").verdict != Verdict::pass);  // the script's tsc is not run
}

// Seen on novuhq/novu: `cd apps/api && pnpm test` was traced to the root's
// test script (and from there to another package's watch mode) instead of
// apps/api's own.
TEST_CASE("checklist: a CI line that changes directory runs that package's script", "[checklist][ci]") {
  MemorySnapshot snap;
  snap.add("package.json",
           R"({"name":"root","private":true,"workspaces":["apps/*"],"scripts":{"test":"lerna run test:watch"}})");
  snap.add("apps/api/package.json", R"({"name":"api","scripts":{"test":"cross-env NODE_ENV=test mocha 'src/**/*.spec.ts'"}})");
  snap.add("apps/web/package.json", R"({"name":"web","scripts":{"test:watch":"jest --watch"}})");
  snap.add("apps/api/src/a.spec.ts", "export {};\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: |\n          cd apps/api && pnpm test\n");
  auto r = audit(snap);
  CHECK(item(r, "tests-in-ci").verdict == Verdict::pass);
  CHECK_THAT(item(r, "tests-in-ci").reason, Catch::Contains("mocha") && !Catch::Contains("jest --watch"));
  // From a subfolder, the nearest package above decides; `cd ..` climbs back.
  snap.add(".github/workflows/ci.yml", "jobs:\n  t:\n    steps:\n      - run: cd apps/api/src && cd .. && pnpm test\n");
  CHECK_THAT(item(audit(snap), "tests-in-ci").reason, Catch::Contains("mocha"));
  // The lines of one block share a shell: a `cd` holds for the next line.
  snap.add(".github/workflows/ci.yml",
           "jobs:\n  t:\n    steps:\n      - run: |\n          cd apps/api && pnpm build\n          pnpm test\n");
  CHECK_THAT(item(audit(snap), "tests-in-ci").reason, Catch::Contains("mocha") && Catch::Contains("ci.yml:6"));
  archgate::analyzers::CiFacts ci;
  archgate::analyzers::read_ci_file("ci.yml", "a:\n  script:\n    - cd web\n    - npm test\n    - cd ../api && npm ci\n    - npm test\n",
                                    ci);
  std::vector<std::string> dirs;
  for (const auto& c : ci.commands) dirs.push_back(c.dir);
  CHECK(dirs == std::vector<std::string>{"", "web", "web", "api"});
}

TEST_CASE("checklist: workers — retries, idempotency, failures kept, dead letters, monitoring", "[checklist]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"w","private":true,"dependencies":{"bullmq":"^5"}})");
  CHECK(item(audit(snap), "workers").verdict == Verdict::not_applicable);
  snap.add("src/jobs.ts",
           "import { Queue, Worker } from 'bullmq';\n"
           "export const q = new Queue('email', { defaultJobOptions: { attempts: 3, backoff: { type: 'exponential' },"
           " removeOnFail: true } });\n"
           "export const w = new Worker('email', async (job) => job.data);\n"
           "w.on('failed', (job, err) => console.error(err));\n"
           "export const add = (id: string) => q.add('send', { id }, { jobId: id });\n");
  auto r = audit(snap);
  CHECK(item(r, "workers").verdict == Verdict::partial);  // failures discarded, no dead-letter path
  CHECK_THAT(item(r, "workers").reason, Catch::Contains("removeOnFail: true") && Catch::Contains("dead-letter"));
  snap.add("src/jobs.ts",
           "import { Queue, Worker } from 'bullmq';\n"
           "export const q = new Queue('email', { defaultJobOptions: { attempts: 3, backoff: { type: 'exponential' },"
           " removeOnFail: 1000 } });\n"
           "export const w = new Worker('email', async (job) => job.data);\n"
           "w.on('failed', (job, err) => console.error(err));\n"
           "export const dlq = new Queue('email-dead', { deadLetter: { queueName: 'email' } });\n"
           "export const add = (id: string) => q.add('send', { id }, { jobId: id });\n");
  CHECK(item(audit(snap), "workers").verdict == Verdict::pass);
  snap.add("src/jobs.ts", "import { Worker } from 'bullmq';\nexport const w = new Worker('email', async (job) => job.data);\n");
  CHECK(item(audit(snap), "workers").verdict == Verdict::fail);
}

TEST_CASE("checklist: input-validation counts routes with and without a schema", "[checklist]") {
  const std::string head = "import express from 'express';\nconst app = express();\n";
  SECTION("fail: handlers read the body and nothing validates") {
    auto r = audit(service(head + "app.post('/orders', (req, res) => res.json(req.body.items));\napp.listen(3000);\n"));
    const auto& i = item(r, "input-validation");
    CHECK(i.verdict == Verdict::fail);
    REQUIRE_FALSE(i.evidence.empty());
    CHECK(i.evidence.front().file == "src/server.js");
    CHECK(i.evidence.front().line == 3);
    CHECK_THAT(i.reason, Catch::Contains("req.body"));
  }
  SECTION("pass: the handler file validates with zod") {
    auto r = audit(service(head + "import { z } from 'zod';\nconst Order = z.object({});\n"
                                  "app.post('/orders', (req, res) => res.json(Order.parse(req.body)));\napp.listen(3000);\n",
                           R"("express": "^5.1.0", "zod": "^3.24.0")"));
    CHECK(item(r, "input-validation").verdict == Verdict::pass);
    CHECK_THAT(item(r, "input-validation").reason, Catch::Contains("1 of 1 routes"));
  }
  SECTION("partial: one router validates, another does not") {
    auto snap = service(head + "import orders from './orders.js';\nimport users from './users.js';\napp.listen(3000);\n",
                        R"("express": "^5.1.0", "joi": "^17.13.0")");
    snap.add("src/orders.js", "import Joi from 'joi';\nimport { Router } from 'express';\nconst r = Router();\n"
                              "r.post('/orders', (req, res) => res.json(Joi.attempt(req.body, Joi.object())));\nexport default r;\n");
    snap.add("src/users.js", "import { Router } from 'express';\nconst r = Router();\n"
                             "r.get('/users/:id', (req, res) => res.json({ id: req.params.id }));\nexport default r;\n");
    auto r = audit(snap);
    const auto& i = item(r, "input-validation");
    CHECK(i.verdict == Verdict::partial);
    REQUIRE_FALSE(i.evidence.empty());
    CHECK(i.evidence.front().file == "src/users.js");
  }
  SECTION("pass: Nest's global ValidationPipe covers every controller") {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"api","dependencies":{"@nestjs/core":"*","@nestjs/common":"*","class-validator":"*"}})");
    snap.add("src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { ValidationPipe } from '@nestjs/common';\n"
                            "async function boot() {\n  const app = await NestFactory.create({});\n"
                            "  app.useGlobalPipes(new ValidationPipe());\n  await app.listen(3000);\n}\nboot();\n");
    snap.add("src/orders.controller.ts", "import { Controller, Post, Body } from '@nestjs/common';\n@Controller('orders')\n"
                                         "export class OrdersController {\n  @Post()\n  create(@Body() dto: unknown) { return dto; }\n}\n");
    auto r = audit(snap);
    CHECK(item(r, "input-validation").verdict == Verdict::pass);
    CHECK_THAT(item(r, "input-validation").reason, Catch::Contains("useGlobalPipes"));
  }
}

TEST_CASE("checklist: request-path follows handlers to blocking calls", "[checklist]") {
  const std::string head = "import express from 'express';\nimport fs from 'node:fs';\nconst app = express();\n";
  SECTION("fail: a *Sync call inside a handler") {
    auto r = audit(service(head + "app.get('/report', (req, res) => res.send(fs.readFileSync('r.txt')));\napp.listen(3000);\n"));
    const auto& i = item(r, "request-path");
    CHECK(i.verdict == Verdict::fail);
    REQUIRE_FALSE(i.evidence.empty());
    CHECK(i.evidence.front().line == 4);
    CHECK_THAT(i.reason, Catch::Contains("fs.readFileSync"));
  }
  SECTION("partial: a module the handlers import blocks inside a function") {
    auto snap = service("import express from 'express';\nimport { hash } from './crypto.js';\nconst app = express();\n"
                        "app.post('/login', (req, res) => res.send(hash(req.body.password)));\napp.listen(3000);\n");
    snap.add("src/crypto.js", "import bcrypt from 'bcrypt';\nexport function hash(p) {\n  return bcrypt.hashSync(p, 12);\n}\n");
    auto r = audit(snap);
    const auto& i = item(r, "request-path");
    CHECK(i.verdict == Verdict::partial);
    REQUIRE_FALSE(i.evidence.empty());
    CHECK(i.evidence.front().file == "src/crypto.js");
    CHECK_THAT(i.evidence.front().note, Catch::Contains("src/server.js → src/crypto.js"));
  }
  SECTION("pass: start-up reads at the top level are fine") {
    auto r = audit(service(head + "const cert = fs.readFileSync('cert.pem');\n"
                                  "app.get('/x', async (req, res) => res.send(await fs.promises.readFile('x')));\napp.listen(3000);\n"));
    CHECK(item(r, "request-path").verdict == Verdict::pass);
  }
}

TEST_CASE("checklist: ownership lists entry points and handlers that query the database", "[checklist]") {
  SECTION("fail: the only handler file calls the ORM itself") {
    auto r = audit(service("import express from 'express';\nimport { PrismaClient } from '@prisma/client';\n"
                           "const prisma = new PrismaClient();\nconst app = express();\n"
                           "app.get('/users', async (req, res) => res.json(await prisma.user.findMany()));\napp.listen(3000);\n",
                           R"("express": "^5.1.0", "@prisma/client": "^6.0.0")"));
    const auto& i = item(r, "ownership");
    CHECK(i.verdict == Verdict::fail);
    CHECK_THAT(i.reason, Catch::Contains("1 HTTP server"));
    CHECK_THAT(i.reason, Catch::Contains("prisma.user.findMany"));
  }
  SECTION("pass: handlers call a service; a scheduled job is an entry point too") {
    auto snap = service("import express from 'express';\nimport cron from 'node-cron';\nimport { listUsers } from './users.js';\n"
                        "const app = express();\napp.get('/users', async (req, res) => res.json(await listUsers()));\n"
                        "cron.schedule('0 * * * *', () => listUsers());\napp.listen(3000);\n",
                        R"("express": "^5.1.0", "node-cron": "^3.0.0")");
    snap.add("src/users.js", "import { db } from './db.js';\nexport async function listUsers() { return db.select(); }\n");
    snap.add("src/db.js", "export const db = { select() { return []; } };\n");
    auto r = audit(snap);
    const auto& i = item(r, "ownership");
    CHECK(i.verdict == Verdict::pass);
    CHECK_THAT(i.reason, Catch::Contains("1 scheduled job"));
  }
  SECTION("partial: one of three handler files") {
    auto snap = service("import express from 'express';\nimport a from './a.js';\nimport b from './b.js';\nimport c from './c.js';\n"
                        "const app = express();\napp.listen(3000);\n");
    snap.add("src/a.js", "import { Router } from 'express';\nimport User from './user.js';\nconst r = Router();\n"
                         "r.get('/a', async (req, res) => res.json(await User.findOne({})));\nexport default r;\n");
    snap.add("src/b.js", "import { Router } from 'express';\nconst r = Router();\nr.get('/b', (req, res) => res.json({}));\nexport default r;\n");
    snap.add("src/c.js", "import { Router } from 'express';\nconst r = Router();\nr.get('/c', (req, res) => res.json({}));\nexport default r;\n");
    snap.add("src/user.js", "export default class User { static findOne() { return null; } }\n");
    auto r = audit(snap);
    CHECK(item(r, "ownership").verdict == Verdict::partial);
    CHECK(item(r, "ownership").evidence.front().file == "src/a.js");
  }
}

TEST_CASE("checklist: every item's documented fixtures get their verdict", "[checklist][fixtures]") {
  // fixtures/checklist/<item>/<verdict>/ is a project whose <item> must be
  // <verdict> (pass, partial, fail, n-a); docs/checklist/<item>.md shows them.
  auto root = fixtures_dir() / "checklist";
  if (!std::filesystem::is_directory(root)) {
    WARN("no fixtures/checklist yet");
    return;
  }
  std::size_t projects = 0;
  for (const auto& item_dir : std::filesystem::directory_iterator(root)) {
    if (!item_dir.is_directory()) continue;
    auto id = item_dir.path().filename().string();
    CHECK(std::filesystem::exists(archgate::test::source_dir() / "docs" / "checklist" / (id + ".md")));
    for (const auto& v : std::filesystem::directory_iterator(item_dir.path())) {
      if (!v.is_directory()) continue;
      auto want = v.path().filename().string();
      archgate::core::WorkingTreeSnapshot snap(v.path().string());
      auto r = archgate::test::audit(snap, "2026-12-02");
      INFO(id << "/" << want << ": " << item(r, id).reason);
      auto got = std::string(archgate::core::to_string(item(r, id).verdict));
      CHECK((got == want || (want == "n-a" && got == "n/a")));
      ++projects;
    }
  }
  CHECK(projects > 0);
}

TEST_CASE("checklist: regressions from the calibration on real services", "[checklist][regression]") {
  SECTION("containers: an image that ships a compiled binary has no Node.js criteria; Debian releases are pins") {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"docs-site","private":true})");
    snap.add("Dockerfile",
             "FROM debian:bookworm-20241111-slim AS build\nRUN apt-get update && apt-get install -y cmake\n"
             "COPY . /src\nRUN cmake -S /src -B /out && cmake --build /out\n"
             "FROM debian:bookworm-slim\nCOPY --from=build /out/tool /usr/local/bin/tool\n"
             "RUN useradd -u 10001 tool\nUSER tool\nENTRYPOINT [\"tool\"]\n");
    snap.add(".dockerignore", ".git\n.env\nout\n");
    auto r = audit(snap);
    CHECK(item(r, "containers").verdict == Verdict::pass);
    CHECK_THAT(item(r, "containers").reason, Catch::Contains("4 of 4"));
    // A moving tag is still no pin, and a Node image keeps all six criteria.
    MemorySnapshot node;
    node.add("package.json", R"({"name":"api","private":true,"scripts":{"start":"node server.js"}})");
    node.add("Dockerfile", "FROM node:lts-slim\nCOPY . .\nRUN npm ci\nUSER node\nCMD [\"node\", \"server.js\"]\n");
    node.add(".dockerignore", "node_modules\n.env\n");
    auto rn = audit(node);
    CHECK_THAT(item(rn, "containers").reason, Catch::Contains("of 6"));
    CHECK_THAT(item(rn, "containers").reason, Catch::Contains("node:lts-slim names no version"));
  }
  SECTION("cycles: a component larger than its shortest cycle reads well") {
    auto snap = service("import './a.js';\n");
    snap.add("src/a.js", "import './b.js';\n");
    snap.add("src/b.js", "import './a.js';\nimport './c.js';\n");
    snap.add("src/c.js", "import './b.js';\n");
    auto r = audit(snap);
    CHECK(item(r, "cycles").verdict == Verdict::fail);
    CHECK_THAT(item(r, "cycles").reason, Catch::Contains(", e.g. src/"));
  }
  SECTION("graceful-shutdown: res.end() in a route closes nothing") {
    auto r = audit(service("import express from 'express';\nconst app = express();\n"
                           "app.delete('/s/:id', (req, res) => { res.status(204).end(); });\napp.listen(3000);\n"
                           "process.on('SIGTERM', () => process.exit(0));\n"));
    CHECK(item(r, "graceful-shutdown").verdict == Verdict::partial);
  }
  SECTION("health-checks: a Nest health controller with a bare @Get()") {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"api","private":true,"dependencies":{"@nestjs/core":"*","@nestjs/common":"*"}})");
    snap.add("src/main.ts", "import { NestFactory } from '@nestjs/core';\nasync function b() { const a = await NestFactory.create({}); await a.listen(3000); }\nb();\n");
    snap.add("src/health.controller.ts", "import { Controller, Get } from '@nestjs/common';\n@Controller('health')\n"
                                         "export class HealthController {\n  @Get()\n  check() { return { ok: true }; }\n}\n");
    auto r = audit(snap);
    CHECK(item(r, "health-checks").verdict == Verdict::pass);
  }
  SECTION("secrets-config: zod over process.env validates; importing @nestjs/config alone does not") {
    auto zod = audit(service("import express from 'express';\nimport { z } from 'zod';\n"
                             "const env = z.object({ PORT: z.string() }).parse(process.env);\n"
                             "const app = express();\napp.listen(Number(env.PORT));\nconsole.log(process.env.PORT);\n",
                             R"("express": "^5.1.0", "zod": "^3.24.0")"));
    CHECK(item(zod, "secrets-config").verdict == Verdict::pass);
    auto nest = audit(service("import express from 'express';\nimport { ConfigModule } from '@nestjs/config';\n"
                              "ConfigModule.forRoot({ isGlobal: true });\nconst app = express();\napp.listen(process.env.PORT);\n",
                              R"("express": "^5.1.0", "@nestjs/config": "^3.0.0")"));
    CHECK(item(nest, "secrets-config").verdict == Verdict::partial);
  }
  SECTION("observability: Fastify's built-in logger is pino") {
    auto r = audit(service("import Fastify from 'fastify';\nconst app = Fastify({ logger: true });\napp.listen({ port: 3000 });\n",
                           R"("fastify": "^5.0.0")"));
    CHECK(item(r, "observability").verdict != Verdict::fail);
    CHECK_THAT(item(r, "observability").reason, Catch::Contains("pino"));
  }
  SECTION("containers: a stage built on an earlier one inherits its base, USER and NODE_ENV") {
    auto snap = service("export {};\n");
    snap.add("Dockerfile", "FROM node:22-slim AS base\nENV NODE_ENV=${NODE_ENV:-production}\nUSER node\n"
                           "FROM base AS build\nRUN npm ci\nFROM base AS release\nCOPY --from=build /app /app\n"
                           "RUN npm ci --omit=dev\nCMD [\"node\", \"src/server.js\"]\n");
    snap.add(".dockerignore", "node_modules\n.env\n");
    auto r = audit(snap);
    CHECK(item(r, "containers").verdict == Verdict::pass);
  }
}

TEST_CASE("checklist: handlers and error middleware passed by name", "[checklist][regression]") {
  SECTION("error-handling: app.use(errorHandler) with a process handler passes") {
    auto snap = service("import express from 'express';\nimport { errorHandler } from './middleware/errors.js';\n"
                        "const app = express();\napp.use(errorHandler);\napp.listen(3000);\n"
                        "process.on('unhandledRejection', (e) => console.error(e));\n");
    snap.add("src/middleware/errors.js", "export function errorHandler(err, req, res, next) { res.status(500).end(); }\n");
    auto r = audit(snap);
    CHECK(item(r, "error-handling").verdict == Verdict::pass);
    CHECK_THAT(item(r, "error-handling").reason, Catch::Contains("app.use(errorHandler)"));
  }
  SECTION("ownership: a controller module a route passes by name is a handler file") {
    auto snap = service("import express from 'express';\nimport * as users from './users.controller.js';\n"
                        "const app = express();\napp.get('/users', users.list);\napp.listen(3000);\n");
    snap.add("src/users.controller.js", "import User from './user.model.js';\n"
                                        "export async function list(req, res) { res.json(await User.findAll()); }\n");
    snap.add("src/user.model.js", "export default class User { static findAll() { return []; } }\n");
    auto r = audit(snap);
    CHECK(item(r, "ownership").verdict == Verdict::fail);
    CHECK(item(r, "ownership").evidence.front().file == "src/users.controller.js");
  }
}

TEST_CASE("checklist: idioms from the calibration's Koa and Express boilerplates", "[checklist][regression]") {
  SECTION("signals and process events registered from a list") {
    auto r = audit(service("import Koa from 'koa';\nconst app = new Koa();\nconst server = app.listen(3000);\n"
                           "const errors = ['unhandledRejection', 'uncaughtException'];\n"
                           "errors.forEach((error) => { process.on(error, (e) => console.error(e)); });\n"
                           "const signals = ['SIGTERM', 'SIGINT'];\n"
                           "signals.forEach((signal) => { process.once(signal, () => server.close()); });\n"
                           "app.on('error', (e) => console.error(e));\n",
                           R"("koa": "^2.15.0")"));
    CHECK(item(r, "graceful-shutdown").verdict == Verdict::pass);
    CHECK(item(r, "error-handling").verdict == Verdict::pass);
  }
  SECTION("Koa's ctx.body is the response, not input") {
    auto snap = service("import Koa from 'koa';\nimport Router from '@koa/router';\nconst router = new Router();\n"
                        "router.get('/status', (ctx) => { ctx.body = { ok: true }; });\nnew Koa().use(router.routes()).listen(3000);\n",
                        R"("koa": "^2.15.0", "@koa/router": "^13.0.0")");
    auto r = audit(snap);
    CHECK(item(r, "input-validation").verdict == Verdict::pass);
  }
  SECTION("a route file's validation middleware covers the controllers it passes by name") {
    auto snap = service("import express from 'express';\nimport validate from 'express-validation';\n"
                        "import * as controller from './user.controller.js';\nimport { createUser } from './user.validation.js';\n"
                        "const router = express.Router();\nrouter.route('/').post(validate(createUser), controller.create);\n"
                        "express().use(router).listen(3000);\n",
                        R"("express": "^4.21.0", "express-validation": "^1.0.3", "joi": "^17.13.0")");
    snap.add("src/user.controller.js", "export function create(req, res) { res.json(req.body); }\n");
    snap.add("src/user.validation.js", "import Joi from 'joi';\nexport const createUser = { body: Joi.object() };\n");
    auto r = audit(snap);
    CHECK(item(r, "input-validation").verdict == Verdict::pass);
  }
}

// Seen on Unleash/unleash (app.use(errorHandler()) was no central handler)
// and in a reproduction of a pattern common in Express services: a handler
// imported by name from controllers/ (`router.get('/:id', getOne)`) was not
// a handler file, so its unvalidated req.params read went unseen.
TEST_CASE("checklist: error middleware from a factory; handlers imported by name from controllers/",
          "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{"express":"^4.21.0"}})");
  snap.add("src/index.js",
           "const express = require('express');\nconst router = require('./routes/x');\n"
           "const errorHandler = require('./error');\nconst app = express();\napp.use('/x', router);\n"
           "app.use(errorHandler({ log: true }));\napp.listen(3000);\n");
  snap.add("src/error.js", "module.exports = () => (err, req, res, next) => { res.status(500).end(); };\n");
  snap.add("src/routes/x.js",
           "const express = require('express');\nconst { getOne } = require('../controllers/x');\n"
           "const router = express.Router();\nrouter.get('/:id', getOne);\nmodule.exports = router;\n");
  snap.add("src/controllers/x.js", "exports.getOne = async (req, res) => { res.json({ id: req.params.id }); };\n");
  auto r = audit(snap);
  const auto& errors = item(r, "error-handling");
  CHECK(errors.verdict == Verdict::partial);  // no process-level handler
  CHECK_THAT(errors.reason, Catch::Contains("app.use(errorHandler())"));
  const auto& input = item(r, "input-validation");
  CHECK(input.verdict == Verdict::fail);
  CHECK_THAT(input.reason, Catch::Contains("req.params.id at src/controllers/x.js:1"));
}

// Seen on growthbook/growthbook: its CI type-checks with tsgo (TypeScript's
// native preview), and `@typescript/native-preview`, delay-cli and
// gzip-size-cli, run by scripts as tsgo, delay and gzip-size, were called
// unused. Seen on Unleash/unleash: `"strict": true` with
// `"noImplicitAny": false` was "neither strict nor noImplicitAny". Seen on
// umami: @svgr/cli, run as svgr, was called unused.
TEST_CASE("checklist: tsgo type-checks; -cli packages run their command; why a tsconfig is not strict",
          "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","private":true,
    "scripts":{"type-check":"tsgo --noEmit","watch":"delay 1 && node x.js","size":"gzip-size dist/a.js",
               "icons":"svgr ./assets --out-dir src/svg"},
    "devDependencies":{"@typescript/native-preview":"7.0.0-dev.1","delay-cli":"^2.0.0","gzip-size-cli":"^5.0.0",
                       "@svgr/cli":"^8.1.0"}})");
  snap.add("tsconfig.json", "{ \"compilerOptions\": { \"strict\": true, \"noImplicitAny\": false } }\n");
  snap.add("src/app.ts", "export const a = 1;\n");
  snap.add(".github/workflows/ci.yml", "jobs:\n  ci:\n    steps:\n      - run: npm ci\n      - run: npm run type-check\n");
  auto r = audit(snap);
  const auto& tc = item(r, "typecheck-in-ci");
  CHECK(tc.verdict == Verdict::partial);
  CHECK_THAT(tc.reason, Catch::Contains("tsgo --noEmit in CI") &&
                            Catch::Contains("\"strict\" is on but \"noImplicitAny\" is false"));
  for (const auto& f : r.findings) {
    INFO(f.rule << " " << f.package);
    CHECK(f.rule != "source/unused-dependency");
  }
}

// Seen on FlowiseAI/Flowise: controllers query through TypeORM
// (`appServer.AppDataSource.getRepository(ChatFlow).findOneBy(...)`,
// `queryRunner.manager.findBy(...)`), and ownership said no handler file
// queries the database.
TEST_CASE("checklist: TypeORM repositories and managers are database access", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{"express":"^4.21.0","typeorm":"^0.3.0"}})");
  snap.add("src/index.ts",
           "import express from 'express'\nimport router from './routes/x'\nconst app = express()\n"
           "app.use('/x', router)\napp.listen(3000)\n");
  snap.add("src/db.ts", "import { DataSource } from 'typeorm'\nexport const AppDataSource = new DataSource({} as any)\n");
  snap.add("src/routes/x.ts",
           "import express from 'express'\nimport xController from '../controllers/x'\n"
           "const router = express.Router()\nrouter.get('/', xController.getOne)\nexport default router\n");
  SECTION("a repository") {
    snap.add("src/controllers/x.ts",
             "import { AppDataSource } from '../db'\nconst getOne = async (req: any, res: any) => {\n"
             "  res.json(await AppDataSource.getRepository('Chat').findOneBy({ id: 1 }))\n}\nexport default { getOne }\n");
  }
  SECTION("the entity manager behind another object") {
    snap.add("src/controllers/x.ts",
             "import { server } from '../db'\nconst getOne = async (req: any, res: any) => {\n"
             "  res.json(await server.AppDataSource.manager.find('Chat'))\n}\nexport default { getOne }\n");
  }
  auto r = audit(snap);
  const auto& own = item(r, "ownership");
  CHECK(own.verdict != Verdict::pass);
  CHECK_THAT(own.reason, Catch::Contains("src/controllers/x.ts:3"));
}

// Seen on louislam/uptime-kuma: `app.get('/metrics', apiAuth, metrics())`
// made server/auth.js a handler file (apiAuth is middleware before the
// handler), and its login() lookup of the users table was cited as a handler
// querying the database. The last argument is the handler.
TEST_CASE("checklist: middleware named before the handler does not make a handler file", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{"express":"^4.21.0","@prisma/client":"^5.0.0"}})");
  snap.add("src/server.js",
           "const express = require('express')\nconst { apiAuth } = require('./auth')\n"
           "const { listUsers } = require('./handlers/users')\nconst app = express()\n"
           "app.get('/metrics', apiAuth, (req, res) => res.end())\napp.get('/users', apiAuth, listUsers)\napp.listen(3000)\n");
  snap.add("src/auth.js",
           "const { prisma } = require('./db')\nexports.login = async (u) => prisma.user.findFirst({ where: { u } })\n"
           "exports.apiAuth = (req, res, next) => next()\n");
  snap.add("src/db.js", "const { PrismaClient } = require('@prisma/client')\nexports.prisma = new PrismaClient()\n");
  snap.add("src/handlers/users.js",
           "const { prisma } = require('../db')\nexports.listUsers = async (req, res) => res.json(await prisma.user.findMany())\n");
  // Seen on parse-server: BodyParser.raw() (body-parser's middleware) was
  // taken for a model's query.
  snap.add("src/handlers/files.js",
           "const BodyParser = require('body-parser')\nexports.upload = (req, res) => BodyParser.raw({ limit: '1mb' })\n");
  snap.add("src/server.js",
           "const express = require('express')\nconst { apiAuth } = require('./auth')\n"
           "const { listUsers } = require('./handlers/users')\nconst { upload } = require('./handlers/files')\n"
           "const app = express()\napp.get('/metrics', apiAuth, (req, res) => res.end())\napp.get('/users', apiAuth, listUsers)\n"
           "app.post('/files', upload)\napp.listen(3000)\n");
  auto r = audit(snap);
  const auto& own = item(r, "ownership");
  CHECK_THAT(own.reason, Catch::Contains("src/handlers/users.js:2"));
  CHECK_THAT(own.reason, !Catch::Contains("BodyParser"));
  CHECK_THAT(own.reason, Catch::Contains("1 of 3 handler files"));
  CHECK_THAT(own.reason, !Catch::Contains("src/auth.js"));
}

// Seen on Unleash/unleash (docker/local-postgres/Dockerfile, FROM
// postgres:15, was judged the worst image), growthbook and Flowise
// (`FROM node:${NODE_VERSION}-alpine` with a global ARG default "named no
// version") and growthbook's Docker Hardened Image (non-root by default,
// reported as running as root).
TEST_CASE("checklist: containers judge Node images, read ARG defaults, know hardened images' users",
          "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{"express":"^4.21.0"}})");
  snap.add("src/server.js", "const express = require('express');\nexpress().listen(3000);\n");
  snap.add(".dockerignore", "node_modules\n.env\n");
  snap.add("Dockerfile",
           "ARG DISTRO=debian12 NODE_VERSION=\"22.11\"\nFROM node:${NODE_VERSION}-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
           "FROM dhi.io/node:${NODE_VERSION}-${DISTRO}\nENV NODE_ENV=production\nWORKDIR /app\nCOPY package*.json ./\n"
           "RUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\nCMD [\"node\", \"dist/server.js\"]\n");
  snap.add("docker/local-postgres/Dockerfile", "FROM postgres:15\nCOPY init.sql /docker-entrypoint-initdb.d/\n");
  auto r = audit(snap);
  const auto& c = item(r, "containers");
  INFO(c.reason);
  CHECK(c.verdict == Verdict::pass);
  CHECK_THAT(c.reason, Catch::Contains("in Dockerfile"));
  // A hardened image's -dev variant runs as root.
  snap.add("Dockerfile", "FROM dhi.io/node:24-dev\nENV NODE_ENV=production\nCOPY . .\nRUN npm ci --omit=dev\n"
                         "FROM dhi.io/node:24-dev\nCOPY --from=0 /app/dist ./dist\n");
  auto dev = audit(snap);
  CHECK_THAT(item(dev, "containers").reason, Catch::Contains("runs as root"));
}

// Seen on hoppscotch/hoppscotch and Mintplex-Labs/anything-llm: the cited
// signal handler was one that kills child processes or re-raises the
// signal, listed first by path, while the service's own handler that
// closes its server came later.
TEST_CASE("checklist: graceful-shutdown cites the handler whose file closes a server", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,"dependencies":{"express":"^4.21.0"}})");
  snap.add("aio_run.js", "const { spawn } = require('child_process');\nconst kids = [spawn('a')];\n"
                         "process.on('SIGINT', () => { for (const k of kids) k.kill(); process.exit(0); });\n");
  snap.add("src/server.js", "const express = require('express');\nconst server = express().listen(3000);\n"
                            "function shutdown() { server.close(() => process.exit(0)); }\n"
                            "process.on('SIGTERM', shutdown);\n");
  auto r = audit(snap);
  const auto& g = item(r, "graceful-shutdown");
  CHECK(g.verdict == Verdict::pass);
  CHECK_THAT(g.reason, Catch::Contains("src/server.js:4"));
}

// Seen on growthbook/growthbook: 40 `agenda.define()` calls in job modules
// that import Agenda only as a type (the instance is a parameter), and the
// workers item said "agenda is imported but no consumer is defined".
TEST_CASE("checklist: workers see consumers defined on a queue passed as a parameter", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,"dependencies":{"express":"^4.21.0","agenda":"^5.0.0"}})");
  snap.add("src/server.ts", "import express from 'express';\nimport Agenda from 'agenda';\nimport addJob from './jobs/license';\n"
                            "const agenda = new Agenda({});\naddJob(agenda);\nagenda.start();\nexpress().listen(3000);\n");
  snap.add("src/jobs/license.ts", "import type { Agenda, Job } from 'agenda';\n"
                                  "export default function (agenda: Agenda) {\n"
                                  "  agenda.define('updateLicense', async (job: Job) => { await job.save(); });\n}\n");
  // A component importing a job type beside an RxJS subscription is not a
  // consumer (seen on ghostfolio's admin UI).
  snap.add("src/admin/jobs.component.ts", "import type { Job } from 'agenda';\n"
                                          "export class C { jobs: Job[] = []; init(s: any) { s.pipe().subscribe(() => 1); } }\n");
  auto r = audit(snap);
  const auto& w = item(r, "workers");
  INFO(w.reason);
  CHECK(w.verdict != Verdict::not_applicable);
  CHECK_THAT(w.reason, Catch::Contains("agenda.define() at src/jobs/license.ts:3"));
  for (const auto& e : w.evidence) CHECK(e.file != "src/admin/jobs.component.ts");
}

// A "use client" module of a React Server Components app runs in the
// browser: its console calls are not server logging.
TEST_CASE("checklist: observability does not count console calls of \"use client\" modules", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,"dependencies":{"express":"^4.21.0","pino":"^9.0.0"}})");
  snap.add("src/server.js", "const express = require('express');\nconst log = require('pino')();\n"
                            "express().listen(3000);\nfunction f() { console.log('server'); }\n");
  snap.add("src/button.jsx", "// a comment first\n'use client';\nexport function B() { return <b onClick={() => console.log('x')} />; }\n"
                             "function g() { console.log('client'); }\n");
  auto r = audit(snap);
  const auto& o = item(r, "observability");
  INFO(o.reason);
  CHECK_THAT(o.reason, Catch::Contains("1 console call in server code"));
  auto scan = archgate::analyzers::source::scan_source("#!/usr/bin/env node\n/* c */\n\"use client\"\nx();\n",
                                                       archgate::analyzers::source::Dialect::js);
  CHECK(scan.use_client);
  CHECK_FALSE(archgate::analyzers::source::scan_source("const a = 'use client';\n", archgate::analyzers::source::Dialect::js).use_client);
}

// Seen on Unleash/unleash: its index router mounts a controller at the
// health path (this.use('/health', new HealthCheckController(...))) and
// health-checks said there was no health route in the code.
TEST_CASE("checklist: a router mounted at a health path is a health route", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,"dependencies":{"express":"^4.21.0"}})");
  snap.add("src/server.js", "const express = require('express');\nconst health = require('./health');\nconst app = express();\n"
                            "app.use('/healthz', health.router);\napp.use('/api', (req, res) => res.end());\napp.listen(3000);\n");
  snap.add("src/health.js", "const express = require('express');\nexports.router = express.Router().get('/', (q, s) => s.end());\n");
  auto r = audit(snap);
  const auto& h = item(r, "health-checks");
  INFO(h.reason);
  CHECK_THAT(h.reason, Catch::Contains("app.use('/healthz', …) (src/server.js:4)"));
}

// Seen on Unleash/unleash: controllers validate with Joi schemas from
// another module (querySchema.validateAsync(req.query)) and OpenAPI route
// specs (openApiService.validPath({ requestBody })), and input-validation
// failed with "49 handler files read request input directly".
TEST_CASE("checklist: a handler that calls a schema's validate method validates", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,"dependencies":{"express":"^4.21.0","joi":"^17.0.0"}})");
  snap.add("src/server.js", "const express = require('express');\nconst app = express();\nrequire('./routes')(app);\napp.listen(3000);\n");
  snap.add("src/schema.js", "const joi = require('joi');\nexports.querySchema = joi.object({ q: joi.string() });\n");
  snap.add("src/routes.js", "const { querySchema } = require('./schema');\nmodule.exports = (app) => {\n"
                            "  app.get('/search', async (req, res) => { const q = await querySchema.validateAsync(req.query); res.json(q); });\n};\n");
  auto r = audit(snap);
  const auto& iv = item(r, "input-validation");
  INFO(iv.reason);
  CHECK(iv.verdict == Verdict::pass);
}

// Seen on NodeBB/NodeBB: the manifest lives in install/package.json (setup
// copies it to the root); every dependency rule said only "no lockfile was
// read".
TEST_CASE("checklist: no package.json at the root is the reason, with the manifests below it", "[checklist][regression]") {
  MemorySnapshot snap;
  snap.add("install/package.json", R"({"name":"forum","version":"4.0.0","dependencies":{"express":"^4.21.0"}})");
  snap.add("src/app.js", "const express = require('express');\nexpress().listen(4567);\n");
  auto r = audit(snap);
  CHECK_THAT(item(r, "native-platform").reason,
             Catch::Contains("no package.json at the root") && Catch::Contains("install/package.json is below it"));
  MemorySnapshot rooted = snap;
  rooted.add("package.json", R"({"name":"forum","version":"4.0.0"})");
  CHECK_THAT(item(audit(rooted), "native-platform").reason, !Catch::Contains("no package.json at the root"));
}

// Seen on NodeBB/NodeBB: CI copies install/package.json to the root, then
// runs `npm test`; with no package.json at the root archgate said "no CI
// step runs a test runner". It says what CI runs and why it cannot follow it.
TEST_CASE("checklist: tests-in-ci names a test script it cannot follow", "[checklist][ci][regression]") {
  MemorySnapshot snap;
  snap.add("install/package.json", R"({"name":"forum","version":"1.0.0","scripts":{"test":"mocha"}})");
  snap.add("src/app.js", "module.exports = 1;\n");
  snap.add("test/app.js", "require('../src/app');\n");
  snap.add(".github/workflows/test.yml", "jobs:\n  t:\n    steps:\n      - run: cp install/package.json package.json\n"
                                         "      - run: npm install\n      - run: npm test\n");
  auto r = audit(snap);
  const auto& it = item(r, "tests-in-ci");
  CHECK(it.verdict == Verdict::partial);
  CHECK_THAT(it.reason, Catch::Contains("CI runs npm test (.github/workflows/test.yml:6)") &&
                            Catch::Contains("no package.json where it runs defines \"test\""));
}

// The items read the findings of several rules under one prefix ("deps/")
// from a per-rule index; they must still come in report order across rules
// (the evidence and the item's finding list follow it).
TEST_CASE("checklist: findings of several rules under one prefix keep report order", "[checklist]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","dependencies":{
  "a-native": "1.0.0",
  "b-old": "1.0.0",
  "c-native": "1.0.0"
}})");
  snap.add(".nvmrc", "24\n");
  snap.add("src/index.js", "import a from 'a-native';\nimport b from 'b-old';\nimport c from 'c-native';\nconsole.log(a, b, c);\n");
  snap.add("package-lock.json", R"({"name":"svc","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
    "":{"name":"svc","version":"1.0.0","dependencies":{"a-native":"1.0.0","b-old":"1.0.0","c-native":"1.0.0"}},
    "node_modules/a-native":{"version":"1.0.0","resolved":"https://registry.npmjs.org/a-native/-/a-native-1.0.0.tgz","integrity":"sha512-AAAA","hasInstallScript":true},
    "node_modules/b-old":{"version":"1.0.0","resolved":"https://registry.npmjs.org/b-old/-/b-old-1.0.0.tgz","integrity":"sha512-AAAA","deprecated":"use c"},
    "node_modules/c-native":{"version":"1.0.0","resolved":"https://registry.npmjs.org/c-native/-/c-native-1.0.0.tgz","integrity":"sha512-AAAA","hasInstallScript":true}}})");
  auto r = audit(snap);
  std::vector<std::string> expected;  // deps/* warnings, as the report orders them
  std::set<std::string> rules;
  for (const auto& f : r.findings) {
    if (f.rule.view().starts_with("deps/") && f.severity >= archgate::core::Severity::warning) {
      expected.push_back(f.fingerprint.str());
      rules.insert(f.rule.str());
    }
  }
  REQUIRE(rules.size() >= 2);  // install-script and deprecated, interleaved
  REQUIRE(expected.size() == 3);
  const auto& dh = item(r, "dependency-hygiene");
  std::vector<std::string> got;
  for (const auto& fp : dh.findings) got.push_back(fp.str());
  CHECK(got == expected);
}
