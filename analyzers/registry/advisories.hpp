#pragma once
// Security advisories from the registry's bulk advisory endpoint, the one
// `npm audit` uses:
//
//   POST <audit registry>/-/npm/v1/security/advisories/bulk
//   {"name": ["version", ...], ...}
//   -> {"name": [{id, url, title, severity, vulnerable_versions, cwe, cvss}], ...}
//
// Why it works this way:
// - The audit registry is `audit-registry` (npm_config_audit_registry) when
//   set, else `registry`, else npm's default: npm sends one bulk request to
//   the default registry, never per scope.
// - Requests are batched (a few hundred names each, as npm chunks them) and
//   run on up to the client's `concurrency` threads, with the client's auth
//   (computed per URL, so a token only reaches its own host), TLS, proxy,
//   timeouts and retries on 429/5xx/network errors.
// - Each batch's reply is cached on disk keyed by a SHA-256 of the request
//   body (names + versions), with the documents' TTL scheme: within the TTL
//   zero requests; offline (and `archgate check`) read the cache whatever its
//   age. A batch that is neither answered nor cached leaves its names
//   *unknown* (missing), never "no advisories".
// - 404/405 mean the registry has no audit endpoint (mirrors, some proxies):
//   that is "advisories unavailable from <host>", an error, never a silent
//   all-clear. Replies are validated before they are cached.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/registry/client.hpp"
#include "analyzers/registry/npm_config.hpp"
#include "core/result.hpp"

namespace archgate::registry {

struct Advisory {
  std::string id;                   // npm's advisory id (a number upstream; kept as text)
  std::string url;                  // e.g. https://github.com/advisories/GHSA-xvch-5gv4-984h
  std::string title;
  std::string severity;             // critical, high, moderate, low, info (lowercased)
  std::string vulnerable_versions;  // a node-semver range
  std::vector<std::string> cwe;
  std::optional<double> cvss_score;
  std::string cvss_vector;

  // "GHSA-…" when the URL names one, else the npm id.
  [[nodiscard]] std::string display_id() const;
};

using AdvisoryMap = std::map<std::string, std::vector<Advisory>, std::less<>>;
// Package name -> the versions to ask about (registry_packages() order).
using PackageVersions = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Parses a bulk reply. Fails (naming `source`, with line:column for syntax
// errors) on invalid JSON, a reply that is not an object of arrays of
// advisory objects, or an advisory without `id` or `vulnerable_versions`.
core::Result<AdvisoryMap> parse_bulk_advisories(std::string_view json, std::string_view source);

// The request body for `packages`: {"name":["v1","v2"],…}, names sorted,
// versions de-duplicated in the order given.
std::string bulk_request_body(const PackageVersions& packages);

// The registry advisories are asked from (see above), ending with '/'.
std::string audit_registry(const NpmConfig& config);
// audit_registry() + "-/npm/v1/security/advisories/bulk".
std::string bulk_advisory_url(const NpmConfig& config);

struct AdvisoryRequestOptions {
  std::size_t batch_size = 250;  // names per POST
};

enum class AdvisoryStatus : std::uint8_t {
  complete,     // every name's advisories are known
  missing,      // offline: some batches are not in the cache
  unavailable,  // the endpoint answered 404/405
  failed,       // a batch failed (network, HTTP error, corrupt reply)
};
std::string_view to_string(AdvisoryStatus s);

struct AdvisoryStats {
  int batches = 0;
  int requests = 0;    // HTTP requests sent (retries included)
  int cache_hits = 0;  // batches answered from the cache without a request
  int downloaded = 0;
  int retries = 0;
  int failed = 0;
};

struct AdvisoryFetch {
  AdvisoryMap advisories;                      // names with at least one advisory
  std::set<std::string, std::less<>> covered;  // names whose answer is known (maybe none)
  std::vector<std::string> missing;            // names whose advisories are unknown, sorted
  std::vector<core::Error> errors;             // redacted; one per failed batch
  std::string url;                             // the endpoint (redacted)
  std::string host;                            // its host[:port]
  bool unavailable = false;                    // 404/405 from the endpoint
  bool offline_missing = false;                // offline and some batch was not cached
  AdvisoryStats stats;

  [[nodiscard]] AdvisoryStatus status() const;
  // One line for people: "advisories unavailable from HOST (…)", "advisories
  // missing for N packages (offline, not in the cache …)", "" when complete.
  [[nodiscard]] std::string problem() const;
};

// Asks the audit registry (configured as `client`'s NpmConfig says) about
// every package, in batches, through the client's cache folder, offline
// mode, TTL, concurrency, retries and timeouts. Never fails as a whole.
AdvisoryFetch fetch_advisories(const RegistryClient& client, const PackageVersions& packages,
                               const AdvisoryRequestOptions& options = {});

}  // namespace archgate::registry
