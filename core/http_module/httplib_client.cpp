// archgate-http.so: core::http::Client over cpp-httplib (with OpenSSL).
// Built as a module of its own and opened by core/http.cpp on first use, so
// that runs which never touch the network never load it (see core/http.hpp).
#include <httplib.h>
#include <openssl/sha.h>

#include <utility>

#include "core/http.hpp"

namespace archgate::core::http {
namespace {

std::pair<time_t, time_t> split(std::chrono::milliseconds d) {
  return {static_cast<time_t>(d.count() / 1000), static_cast<time_t>((d.count() % 1000) * 1000)};
}

class HttplibClient final : public Client {
 public:
  HttplibClient(const std::string& origin, const Options& o) : m_client(origin) {
    m_client.set_keep_alive(o.keep_alive);
    m_client.set_follow_location(o.follow_redirects);
    auto [cs, cus] = split(o.connect_timeout);
    auto [rs, rus] = split(o.read_timeout);
    m_client.set_connection_timeout(cs, cus);
    m_client.set_read_timeout(rs, rus);
    m_client.set_write_timeout(rs, rus);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    m_client.enable_server_certificate_verification(o.verify_tls);
    if (!o.ca_file.empty()) m_client.set_ca_cert_path(o.ca_file);
#endif
    if (!o.proxy_host.empty()) m_client.set_proxy(o.proxy_host, o.proxy_port);
  }

  std::expected<Response, std::string> get(const std::string& path, const Headers& headers) override {
    return answer(m_client.Get(path, to_httplib(headers)));
  }

  std::expected<Response, std::string> post(const std::string& path, const Headers& headers, const std::string& body,
                                            const std::string& content_type) override {
    return answer(m_client.Post(path, to_httplib(headers), body, content_type));
  }

  void stop() override { m_client.stop(); }

 private:
  static httplib::Headers to_httplib(const Headers& headers) {
    httplib::Headers out;
    for (const auto& [k, v] : headers) out.emplace(k, v);
    return out;
  }

  static std::expected<Response, std::string> answer(httplib::Result res) {
    if (!res) return std::unexpected(httplib::to_string(res.error()));
    Response r;
    r.status = res->status;
    r.body = std::move(res->body);
    r.headers.reserve(res->headers.size());
    for (auto& [k, v] : res->headers) r.headers.emplace_back(k, v);
    return r;
  }

  httplib::Client m_client;
};

}  // namespace
}  // namespace archgate::core::http

extern "C" {

__attribute__((visibility("default"))) const char* archgate_http_abi() {
  static const std::string abi = archgate::core::http::module_abi();
  return abi.c_str();
}

__attribute__((visibility("default"))) void archgate_http_sha256(const char* data, std::size_t size,
                                                                 unsigned char out[32]) {
  ::SHA256(reinterpret_cast<const unsigned char*>(data), size, out);
}

__attribute__((visibility("default"))) archgate::core::http::Client* archgate_http_connect(
    const std::string* origin, const archgate::core::http::Options* options) {
  return new archgate::core::http::HttplibClient(*origin, *options);
}
}
