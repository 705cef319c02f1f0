// The rule catalog: every rule archgate can report, with its documentation.
// Keep entries sorted by id; docs/rules/ mirrors this list.
#include <algorithm>
#include <unordered_map>

#include "rules/rule.hpp"

namespace archgate::rules {

using core::Severity;

const std::vector<core::RuleInfo>& rule_catalog() {
  static const std::vector<core::RuleInfo> catalog = [] {
    std::vector<core::RuleInfo> v = {
        {"deps/engines-incompatible",
         "A locked package's engines.node excludes the pinned Node.js runtime", Severity::warning,
         "A package that declares it does not support the runtime you ship may fail at install "
         "(engine-strict, yarn, pnpm) or at run time on an API it expects; the lockfile records "
         "the claim, so it can be checked before deploying.",
         "Upgrade the runtime to a line the package supports, or move the package to a version "
         "whose engines.node admits your runtime (see `archgate runtime` for the plan).",
         "package-lock.json:412: undici@7.2.0 requires node \">=20.18.1\" but the runtime is "
         "Node 18 (.nvmrc:1)"},
        {"lockfile/git-dependency", "A package is installed from a git repository",
         Severity::note,
         "Git dependencies bypass the registry: no integrity hash is recorded by most "
         "package managers, the repository can be rewritten or deleted, install scripts run "
         "from an unreviewed checkout, and audits cannot map them to advisories.",
         "Depend on a published registry version, or vendor the code; if the git source is "
         "intended, pin a full commit SHA and document why.",
         "package-lock.json:812:5: isarray@2.0.5 is installed from git "
         "(git+ssh://git@github.com/juliangruber/isarray.git#63ea4ca…)"},
        {"lockfile/insecure-url", "A package is downloaded over an unencrypted protocol",
         Severity::error,
         "http:// and git:// downloads can be read and replaced by anyone on the network path; "
         "a lockfile entry pointing at one lets a network attacker install arbitrary code.",
         "Re-resolve the entry from an https registry (fix the registry URL in .npmrc, then "
         "reinstall) so the lockfile records https URLs only.",
         "package-lock.json:40:5: left-pad@1.3.0 is fetched over http://"},
        {"lockfile/manager-mismatch",
         "packageManager names another package manager than the lockfile present",
         Severity::warning,
         "Corepack and CI install with the manager package.json names; a lockfile written by "
         "another manager is ignored (or rewritten), so the tree that was reviewed is not the "
         "tree that is installed.",
         "Install with the manager packageManager names and commit its lockfile, or correct "
         "packageManager (and devEngines.packageManager) to the manager the team uses.",
         "package.json:5:3: packageManager names pnpm@9.1.0 but the lockfile present is "
         "package-lock.json (npm)"},
        {"lockfile/missing", "Dependencies are declared but no lockfile is committed",
         Severity::error,
         "Without a lockfile every install resolves ranges afresh: CI, colleagues and "
         "production get different dependency trees, and a compromised new release is "
         "installed silently.",
         "Run your package manager's install (npm install, pnpm install, yarn, bun install) "
         "and commit the lockfile it writes.",
         "package.json declares 12 dependencies and no package-lock.json, yarn.lock, "
         "pnpm-lock.yaml or bun.lock exists next to it."},
        {"lockfile/missing-integrity", "A downloaded package has no integrity hash",
         Severity::warning,
         "Without an integrity hash the package manager installs whatever bytes the URL "
         "serves today; a compromised registry, mirror or proxy goes unnoticed.",
         "Reinstall so the package manager records the hash (npm: delete the entry and run "
         "npm install; yarn 1: yarn install --update-checksums).",
         "yarn.lock:120:1: left-pad@1.3.0 has no integrity hash"},
        {"lockfile/multiple", "Lockfiles of more than one package manager are present",
         Severity::warning,
         "Two lockfiles drift apart: each package manager installs its own tree, and "
         "reviewers see changes to one while CI installs from the other.",
         "Keep the lockfile of the package manager the project uses (see packageManager in "
         "package.json) and delete the others; add them to .gitignore.",
         "package-lock.json and yarn.lock are both committed."},
        {"lockfile/name-mismatch",
         "A lockfile entry resolves to a tarball of another package or version",
         Severity::error,
         "Registry tarballs live at <registry>/<name>/-/<name>-<version>.tgz. An entry for "
         "lodash that resolves to .../evil/-/evil-1.0.0.tgz installs evil under the name "
         "lodash: the lockfile-injection attack, invisible in a large lockfile diff.",
         "Treat the lockfile change as hostile until explained: restore the lockfile from a "
         "trusted commit and reinstall; review who changed the entry.",
         "package-lock.json:88:5: lockfile entry lodash@4.17.21 resolves to a tarball of "
         "\"evil\""},
        {"lockfile/out-of-sync", "A declared dependency is missing from the lockfile or "
                                 "locked outside its declared range",
         Severity::error,
         "A lockfile that disagrees with package.json makes `npm ci`, `pnpm install "
         "--frozen-lockfile` and `yarn install --immutable` fail, or installs something "
         "other than what the manifest promises.",
         "Run the package manager's install to update the lockfile, review the diff and "
         "commit both files together.",
         "package.json declares \"express\": \"^5.0.0\" but package-lock.json locks 4.21.2."},
        {"lockfile/tarball-url", "A package is installed from a tarball URL outside any registry",
         Severity::warning,
         "A direct tarball URL has no registry metadata: no audit advisories, no deprecation "
         "notices, and whatever the URL serves may change unless an integrity hash pins it.",
         "Publish the package to your registry (or depend on the published version) instead "
         "of a URL.",
         "package-lock.json:51:5: left-pad@1.3.0 is installed from a tarball URL outside any "
         "registry: https://example.com/left-pad-1.3.0.tgz"},
        {"lockfile/unexpected-host", "A package is downloaded from a host that is not a "
                                     "configured registry",
         Severity::error,
         "Packages should come from the registries the project configures (.npmrc, .yarnrc, "
         ".yarnrc.yml, bunfig.toml) or the package managers' defaults; any other host is an "
         "unreviewed source and a classic sign of lockfile tampering.",
         "Re-resolve the entry from the configured registry, or, if the host is trusted, add "
         "it to the registry configuration or to the allowed hosts.",
         "package-lock.json:63:5: ms@2.1.3 is downloaded from evil.example.com, which is not a "
         "configured registry"},
        {"lockfile/weak-integrity", "A package is pinned only by a SHA-1 (or MD5) hash",
         Severity::warning,
         "SHA-1 is broken for collision resistance; a hash that only uses SHA-1 gives far "
         "weaker protection than the sha512 every current package manager records.",
         "Reinstall so the entry records a sha512 integrity (yarn 1: yarn install "
         "--update-checksums; npm: delete the entry and reinstall).",
         "package-lock.json:30:5: ms@2.0.0 is pinned only by sha1"},
        {"manifest/invalid", "A package.json cannot be read", Severity::error,
         "Every package manager refuses an invalid package.json; nothing else about the "
         "project can be checked until it parses.",
         "Fix the JSON at the reported line and column (a trailing comma, a missing quote, "
         "a field of the wrong type).",
         "packages/api/package.json:7:3: expected ',' or '}'"},
        {"runtime/ci-not-covering", "CI never tests the Node.js line production runs on",
         Severity::warning,
         "Tests that pass on other lines say little about the one you deploy: V8, OpenSSL and "
         "built-in module behaviour change between majors.",
         "Add the production line to the CI matrix (setup-node node-version, the CI image), or "
         "point setup-node at the same file with node-version-file.",
         "CI tests Node 18, 20 but production runs Node 22 (Dockerfile:9)"},
        {"runtime/engines-excludes-pin", "engines.node excludes the Node.js the project pins",
         Severity::error,
         "npm (engine-strict), yarn and pnpm refuse to install, or warn on every install, when "
         "the runtime is outside engines; the two statements cannot both be right.",
         "Make engines.node admit the pinned line, or move the pin into the range.",
         "package.json:5:5: engines.node \"^22\" excludes Node 20 pinned by nvmrc at .nvmrc:1"},
        {"runtime/engines-too-loose", "engines.node admits end-of-life Node.js lines",
         Severity::warning,
         "An open range such as \">=14\" promises support for lines that no longer get security "
         "fixes, and that the project is almost certainly no longer tested on. Only the lines below "
         "the oldest supported one count: an odd line between supported ones (23) is in every open "
         "range, and no lower bound removes it.",
         "Raise the lower bound to the oldest supported LTS line (e.g. \">=22\").",
         "package.json:6:5: engines.node \">=18\" admits end-of-life Node 18, 19, 20, 21"},
        {"runtime/eol", "A pinned Node.js line has reached end-of-life", Severity::error,
         "End-of-life lines get no security fixes: every vulnerability published after the end "
         "date stays open in production.",
         "Move every pin to a supported LTS line together (see `archgate runtime` for the plan).",
         ".nvmrc:1:1: nvmrc pins \"20\": Node 20 reached end-of-life on 2026-04-30"},
        {"runtime/eol-soon", "A pinned Node.js line reaches end-of-life soon", Severity::warning,
         "Upgrading a runtime takes planning (native modules, base images, CI); starting when "
         "the line has already ended leaves production unpatched in the meantime.",
         "Schedule the upgrade to the recommended LTS line before the end date.",
         "Dockerfile:1:6: dockerfile pins \"node:22-alpine\": Node 22 reaches end-of-life on "
         "2027-04-30 (in 159 days)"},
        {"runtime/floating", "A Node.js pin follows a moving alias instead of a line",
         Severity::warning,
         "`latest`, `lts/*`, `node:current` or an untagged image change major version without "
         "a commit: a rebuild can move production to a new line nobody tested.",
         "Pin a line (\"22\", node:22-alpine) or an exact version, and upgrade on purpose.",
         ".nvmrc:1:1: nvmrc pins \"lts/*\" (Node 24), which moves to a new release line without "
         "a commit"},
        {"runtime/maintenance-only", "A pinned Node.js line is in maintenance LTS",
         Severity::note,
         "Maintenance LTS gets critical and security fixes only; it is the last phase before "
         "end-of-life, the time to plan the next upgrade.",
         "Plan the move to the active LTS line (see `archgate runtime`).",
         "Dockerfile:1:6: dockerfile pins \"node:22\": Node 22 is in maintenance LTS (critical "
         "fixes only) until 2027-04-30"},
        {"runtime/non-lts", "Production is pinned to a Node.js line that is not LTS",
         Severity::warning,
         "Current and odd-numbered lines (and alpha releases) are for testing upcoming changes: "
         "odd lines end six months after their first release, alpha lines change incompatibly.",
         "Pin an active LTS line for production; test newer lines in CI instead.",
         ".nvmrc:1:1: nvmrc pins \"25\": Node 25 is current and never becomes LTS"},
        {"runtime/pin-mismatch", "Production pins resolve to different Node.js lines",
         Severity::error,
         "When the Dockerfile, .nvmrc and volta disagree, developers, CI and production run "
         "different runtimes: native modules built on one line crash on another, and bugs "
         "reproduce only in some places.",
         "Choose one line and update every pin listed in the evidence together.",
         ".nvmrc:1:1: nvmrc pins \"20\" → Node 20, but other production pins use Node 22 "
         "(Dockerfile:9)"},
        {"runtime/security-behind", "An exact Node.js pin is older than its line's latest "
                                    "security release",
         Severity::warning,
         "An exact pin freezes the runtime: security releases of the same line are not picked "
         "up until someone edits the pin.",
         "Bump the pin to the newest release of the line (or pin the line, e.g. node:22-alpine, "
         "and rebuild regularly).",
         ".nvmrc:1:1: nvmrc pins \"22.10.0\", older than security release 22.23.0 (2026-...)"},
        {"runtime/types-mismatch", "The @types/node major differs from the runtime major",
         Severity::warning,
         "@types/node describes one Node.js major's API: a newer major lets code type-check "
         "against APIs the runtime lacks, an older one hides APIs it has.",
         "Use the @types/node major of the production line (e.g. \"@types/node\": \"^22\").",
         "package.json:14:5: @types/node \"^24.0.0\" describes Node 24 but the runtime is Node 22"},
        {"runtime/unpinned", "Nothing pins the Node.js runtime", Severity::warning,
         "Without a pin every developer, CI runner and server uses whatever Node.js it has: "
         "results differ between machines and upgrades happen by accident.",
         "Add a .nvmrc (or .node-version) with the LTS line you deploy, and use the same line "
         "in the Dockerfile and CI.",
         "package.json:1:1: no file pins the Node.js runtime"},
        {"deps/deprecated", "A locked package version is deprecated", Severity::warning,
         "Its maintainers have marked it as not to be used (often with the replacement named): "
         "it gets no fixes, security ones included, and the message usually says what to do.",
         "Upgrade to a version that is not deprecated, or replace the package as the "
         "deprecation message says (see `archgate deps --explain NAME`).",
         "package-lock.json:88:5: left-pad@1.3.0 is deprecated: use String.prototype.padStart()"},
        {"deps/heavy", "A direct dependency pulls in a large subtree", Severity::note,
         "Every package in the subtree is code you install, audit and trust; a dependency that "
         "brings a hundred packages for one feature multiplies install time, attack surface "
         "and advisory noise.",
         "Look for a lighter alternative or a native API, or accept it knowingly (`archgate deps` "
         "shows the packages only it brings).",
         "package-lock.json:40:5: request@2.88.2 brings 48 packages (46 only through it, depth "
         "5); threshold 100"},
        {"deps/install-script", "A package runs code at install time", Severity::warning,
         "preinstall/install/postinstall scripts (and binding.gyp builds) run with the "
         "installing user's rights before any code review or test: the usual vector of "
         "supply-chain attacks, and a reason installs fail offline or in locked-down CI.",
         "Check the script (`archgate deps` lists it), then record the decision in the "
         "allow-list your package manager reads (npm allowScripts, pnpm allowBuilds / "
         "onlyBuiltDependencies, bun trustedDependencies, yarn dependenciesMeta.built, LavaMoat "
         "allowScripts), or pick a package that ships prebuilt code. Allowed, denied and "
         "switched-off packages are reported as notes.",
         "package-lock.json:120:5: esbuild@0.25.0 runs code at install time and is in no "
         "allow-list npm reads (npm 11 runs it; npm 12 skips it): postinstall: node install.js"},
        {"deps/unmaintained", "A package has not been published for a long time", Severity::warning,
         "A package with no release for years (and not a small finished one) will not get "
         "fixes for new bugs, advisories or runtime changes; you become its maintainer.",
         "Find a maintained alternative or a native API, or vendor and own it. The threshold "
         "is 730 days; set unmaintained-days in archgate.toml [deps] (check) or --unmaintained-days (deps).",
         "package-lock.json:60:5: some-lib@0.4.2: no release for 2210 days (last 2020-10-05; "
         "threshold 730 days), maintenance 18 (inactive)"},
        {"deps/vulnerable", "A locked package version has a known security advisory",
         Severity::error,
         "The registry's advisory database lists the locked version inside a vulnerable range: "
         "the flaw is public, often with a working exploit, and it ships with every install "
         "until the lockfile moves past it. Severity follows the advisory: critical/high are "
         "errors, moderate a warning, low/info a note.",
         "Upgrade to the nearest fixed version the finding names (worked out from the "
         "registry's versions; it says when only a new major fixes it), or replace the package "
         "when no fixed version exists. `archgate deps --explain NAME` lists every advisory.",
         "package-lock.json:12:5: minimist@1.2.5 is vulnerable: GHSA-xvch-5gv4-984h \"Prototype "
         "Pollution in minimist\" (critical; affects >=1.0.0 <1.2.6); upgrade to 1.2.6 "
         "(nearest fixed)"},
        {"deps/license", "A package's license is missing, invalid, proprietary or outside the policy",
         Severity::warning,
         "Shipping a dependency means complying with its license: a package with no license "
         "grants no rights at all, UNLICENSED means proprietary, and a license your organisation "
         "has ruled out (license-deny) or not approved (license-allow) is a legal risk that "
         "grows with every release that includes it.",
         "Replace the package with one under an accepted license, or, once its license has "
         "been reviewed, add the id to license-allow in archgate.toml [deps]; for a missing or "
         "invalid license, check the repository and ask the maintainers to declare an SPDX "
         "expression.",
         "package-lock.json:40:5: some-lib@2.0.1 is licensed AGPL-3.0-only: every alternative "
         "uses a denied license (AGPL-3.0-only)"},
        {"deps/native-replacement", "A direct dependency does what Node.js has built in",
         Severity::warning,
         "Packages such as left-pad or object-assign polyfill what every supported Node.js "
         "provides: each is one more package to install, audit and trust, for nothing. The e18e "
         "module-replacements lists name the built-in; archgate reports it only when the pinned "
         "runtime has it (micro-utility snippets and preferred built-ins are notes).",
         "Use the built-in the finding names and remove the dependency (the remediation links "
         "its documentation).",
         "package-lock.json:26:5: left-pad: use String.prototype.padStart (Node.js >= 8.0.0; "
         "your pins: 22)"},
        {"deps/stale-allowlist",
         "An install-script allow-list entry names a package that is gone or runs no script",
         Severity::warning,
         "An allow-list should name exactly the reviewed packages that need install code. An "
         "entry for a package no longer installed silently allows any future package of that "
         "name (a typo-squat or a takeover), and an entry for a package that dropped its script "
         "pre-approves whatever script a later release adds.",
         "Remove the entry from the file and line the finding names (or correct its name or "
         "version); re-add it when the package needs install code again and you have reviewed "
         "the script.",
         "pnpm-workspace.yaml:5:5: pnpm onlyBuiltDependencies lists node-sass, which is not in "
         "pnpm-lock.yaml"},
        {"source/boundary", "A file imports what a [[boundaries]] rule forbids", Severity::error,
         "Boundaries are the architecture written down: route handlers that reach the database "
         "client, or a domain layer that imports the web framework, couple what the design keeps "
         "apart, and every such import makes the next one look normal.",
         "Import through the layer the boundary allows (a service, a repository, a port), or "
         "change the boundary in archgate.toml if the design changed.",
         "src/routes/users.ts:3:24: routes-no-db: src/routes/users.ts imports src/db/client.ts "
         "— route handlers go through services"},
        {"source/cycle", "Source files import each other in a cycle", Severity::warning,
         "Modules in a cycle load in an order that depends on which one is imported first: a "
         "value read during loading is `undefined` (or a TDZ error in ESM), and the files can "
         "only be understood, tested and split together. Type-only imports are erased at build "
         "time and do not count.",
         "Move what both files need into a third module, invert the dependency (pass a function "
         "or an interface in), or make the edge type-only (`import type`).",
         "src/a.ts:2:19: import cycle: src/a.ts → src/b.ts → src/a.ts"},
        {"source/deep-import", "An import reaches into a workspace package past its exports",
         Severity::warning,
         "A package's `exports` is its public surface; importing `pkg/src/internal` (or another "
         "workspace's files by relative path) couples to internals that can move without "
         "notice, and breaks once the package is built and published.",
         "Export what you need from the package's entry point (or add a subpath to `exports`) "
         "and import it by the package's name.",
         "apps/web/src/page.ts:4:22: '@acme/ui/src/button' imports @acme/ui past its "
         "\"exports\" (packages/ui/src/button.tsx)"},
        {"source/unused-dependency", "A declared dependency is never used", Severity::warning,
         "Every dependency is code you install, audit and upgrade. One that nothing imports, no "
         "script runs, no configuration names and no other package needs as a peer is cost "
         "without use, and it hides which packages the service really depends on.",
         "Remove it from the manifest; if something loads it by a computed name, say so in "
         "archgate.toml under [[hygiene.ignore]] with the reason.",
         "packages/api/package.json:14:5: warning: left-pad is declared in dependencies but nothing "
         "uses it\n  note: not imported by any of 212 source files, not a binary in its 9 scripts or CI, not "
         "named in packages/api/jest.config.ts, packages/api/tsconfig.json, not a peer or optional "
         "dependency of another dependency"},
        {"source/undeclared-dependency", "Code imports a package its workspace does not declare",
         Severity::warning,
         "An import of a package the nearest package.json does not declare works only because the "
         "package manager hoisted it from somewhere else. The next lockfile change, a switch to pnpm "
         "or an install with --omit=dev removes it, and the service fails at run time.",
         "Declare the package in the workspace's package.json (dependencies for production code, "
         "devDependencies for tests and tooling) at the version the lockfile installs today.",
         "packages/api/src/util/dates.ts:1:22: warning: packages/api/src/util/dates.ts imports dayjs, "
         "which packages/api/package.json does not declare; today it resolves through hoisting to "
         "dayjs@1.11.13, a dependency of @acme/ui@0.0.0"},
        {"source/dev-dependency-in-production", "Production code imports a devDependency",
         Severity::warning,
         "A service image built with `npm ci --omit=dev` (or every consumer of a published package) "
         "installs dependencies only: a production import of a devDependency fails there, usually "
         "only after deploy. Tests, configuration, scripts, stories and type-only imports do not count.",
         "Move the package to dependencies.",
         "src/server.ts:3:20: warning: src/server.ts imports dotenv, which package.json declares in "
         "devDependencies: an install without dev dependencies (npm ci --omit=dev in the image) does not have it"},
        {"source/types-without-package", "An @types package is declared for a package the project does not use",
         Severity::note,
         "`@types/x` describes `x`. Declared while `x` is neither declared nor imported, it is left "
         "over from a removal (or types a package that moved to shipping its own).",
         "Remove the @types package.",
         "package.json:30:5: note: @types/lodash is declared in devDependencies but lodash is neither "
         "declared nor imported anywhere in the project"},
        {"source/misplaced-dependency", "A production dependency only types or tests use", Severity::note,
         "A package in `dependencies` is installed in every production image. When only type imports "
         "(erased at run time) or tests, scripts and configuration use it, it belongs in "
         "devDependencies; published packages are exempt, since their types may need it.",
         "Move it to devDependencies.",
         "package.json:12:5: note: @nestjs/testing is in dependencies but only tests, scripts or "
         "configuration import it (test/app.e2e-spec.ts:3 (@nestjs/testing))"},
        {"source/unused-ignore", "A [[hygiene.ignore]] entry matches nothing", Severity::note,
         "An ignore entry that no longer matches a finding hides the next real one with the same "
         "name; the list should shrink as the reasons go away.",
         "Delete the entry.",
         "archgate.toml:12:1: note: [[hygiene.ignore]] for pg-native matches no finding any more "
         "(loaded by pg when PG_NATIVE is set)"},
        {"baseline/stale-entry", "A baseline entry matches no finding any more", Severity::note,
         "A baseline (`check --baseline FILE`) silences findings that were accepted when it was written. "
         "An entry whose finding is gone should leave the file, or it would silently accept the next "
         "finding that happens to get the same fingerprint.",
         "Remove the entry, or rewrite the file with `archgate baseline` (reasons and expiry dates of "
         "the remaining entries are kept).",
         "archgate-baseline.json: note: the baseline entry for deps/deprecated in package-lock.json "
         "(request@2.88.2) matches no finding any more"},
        {"source/parse-error", "A source file does not lex", Severity::warning,
         "archgate reads every reference in a file in one pass; where the file stops making "
         "sense lexically (an unterminated string, template or comment, unbalanced brackets) the "
         "references after that point are not read, so the graph may miss edges.",
         "Check the file at the position given (it usually does not compile either); if it is "
         "valid code, report the snippet so the scanner can learn it.",
         "src/legacy.js:88:14: does not lex: unterminated template literal"},
        {"source/skipped-file", "A minified or generated file is not scanned", Severity::note,
         "Minified bundles and generated code are not architecture: scanning them costs time and "
         "adds edges nobody maintains. They are listed so that nothing is skipped silently.",
         "Nothing to do if the file is meant to be generated; otherwise remove the @generated "
         "marker, or keep build output out of the repository (.gitignore).",
         "public/vendor.min.js: not scanned: minified (3 lines, 41210 characters each on average)"},
        {"source/unresolved-import", "An import does not resolve to a file or package",
         Severity::warning,
         "An import that names nothing fails at run time or build time, or is resolved by a "
         "bundler alias that TypeScript, editors and other tools do not know; either way the "
         "module graph has a hole there.",
         "Fix the path, add the missing file, declare the alias in tsconfig.json `paths`, or "
         "build the workspace package whose `exports` point at missing output.",
         "src/app.ts:3:21: './confg' does not resolve: no file src/confg"},
        // RULES: add new entries above this line (keep ids sorted).
    };
    std::sort(v.begin(), v.end(),
              [](const core::RuleInfo& a, const core::RuleInfo& b) { return a.id < b.id; });
    return v;
  }();
  return catalog;
}

const core::RuleInfo* find_rule(std::string_view id) {
  // Asked once per finding (50,000 times on a large lockfile): an index by
  // id, not a walk over the catalog's hundred entries.
  static const std::unordered_map<std::string_view, const core::RuleInfo*> by_id = [] {
    std::unordered_map<std::string_view, const core::RuleInfo*> m;
    for (const auto& r : rule_catalog()) m.emplace(r.id, &r);
    return m;
  }();
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second;
}

namespace {

// Each catalog rule's id and remedy as SharedTexts, made once: every finding
// of a rule shares them (50,000 findings of one rule held 50,000 copies).
struct RuleTexts {
  core::SharedText id, remedy;
};
const RuleTexts* rule_texts(const core::RuleInfo* info) {
  static const std::vector<RuleTexts> texts = [] {
    std::vector<RuleTexts> v;
    for (const auto& r : rule_catalog()) v.push_back({r.id, r.remedy});
    return v;
  }();
  if (info == nullptr) return nullptr;
  return &texts[static_cast<std::size_t>(info - rule_catalog().data())];
}

}  // namespace

core::Finding& RuleContext::emit(std::string_view rule, std::string message,
                                 core::Location location) {
  core::Finding f;
  const auto* info = find_rule(rule);
  const auto* texts = rule_texts(info);
  f.rule = texts ? texts->id : core::SharedText(rule);
  f.severity = info ? info->default_severity : core::Severity::warning;
  f.message = std::move(message);
  f.location = std::move(location);
  if (texts) f.remediation = texts->remedy;
  out.push_back(std::move(f));
  return out.back();
}

void RuleContext::cannot_check(std::string_view rule, std::string reason) {
  if (not_checked != nullptr) {
    not_checked->emplace_back(std::string(rule), std::move(reason));
  }
}

}  // namespace archgate::rules
