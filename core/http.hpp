#pragma once
// HTTP for the registry client, the advisory lookup and `schedule --update`.
//
// The transport is cpp-httplib with OpenSSL, built as a module of its own
// (archgate-http.so, core/http_module/) that `connect` opens on first use.
// Linked into the binary, cpp-httplib, OpenSSL and brotli were mapped and
// relocated at the start of every run, ~3.6 ms of each process, while only
// `deps` (online), `diff` and `schedule --update` talk to a network: `check`
// never does. git does the same with its curl-backed git-remote-https.
#include <chrono>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archgate::core::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Options {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};  // also the write timeout
  bool keep_alive = true;
  bool follow_redirects = false;  // callers that re-authenticate per URL follow them themselves
  bool verify_tls = true;
  std::string ca_file;     // "" = the system's certificates
  std::string proxy_host;  // "" = no proxy
  int proxy_port = 0;
};

struct Response {
  int status = 0;
  std::string body;
  Headers headers;
  // The first value of a header, by case-insensitive name; "" if absent.
  [[nodiscard]] std::string header(std::string_view name) const;
};

// One connection (kept alive between requests) to one origin.
class Client {
 public:
  virtual ~Client() = default;
  // The response, or why none came (refused, timed out, TLS, ...).
  virtual std::expected<Response, std::string> get(const std::string& path, const Headers& headers) = 0;
  virtual std::expected<Response, std::string> post(const std::string& path, const Headers& headers,
                                                    const std::string& body, const std::string& content_type) = 0;
  // Closes the connection; the next request opens a new one.
  virtual void stop() = 0;
};

// A client of `origin` ("https://registry.example:8443"), or why there is
// none: the HTTP module could not be found or loaded.
std::expected<std::unique_ptr<Client>, std::string> connect(const std::string& origin, const Options& options);

// Why no client can be made (the module is missing or from another build),
// or nullopt when connect() can work. Loads the module.
std::optional<std::string> unavailable();

// SHA-256 of `text` as lowercase hex (the advisory cache's keys), by the
// module's OpenSSL; or why the module is unavailable. (A `check` that reads
// the advisory cache therefore loads the module: ~3.6 ms.)
std::expected<std::string, std::string> sha256_hex(std::string_view text);

// Where the module is looked for before the default places (next to the
// binary, then <prefix>/lib/archgate/): the test and bench programs, which
// live in other folders of the build tree, point it at the built module.
void set_module_path(std::string path);

// What the module and the binary must agree on to be used together: the
// module's archgate_http_abi() answers this, the loader compares it.
inline constexpr int k_module_interface = 1;
inline std::string module_abi() { return std::string(ARCHGATE_VERSION) + "/" + std::to_string(k_module_interface); }

}  // namespace archgate::core::http

// The module's entry points (C names, looked up with dlsym).
extern "C" {
using archgate_http_abi_fn = const char* (*)();
using archgate_http_connect_fn = archgate::core::http::Client* (*)(const std::string* origin,
                                                                     const archgate::core::http::Options* options);
using archgate_http_sha256_fn = void (*)(const char* data, std::size_t size, unsigned char out[32]);
}
