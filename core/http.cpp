#include "core/http.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>

namespace archgate::core::http {

namespace {

std::string g_module_path;  // set_module_path, before the first connect

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string exe_dir() {
  char buf[PATH_MAX];
  auto n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string p(buf, static_cast<std::size_t>(n));
  auto slash = p.rfind('/');
  return slash == std::string::npos ? std::string(".") : p.substr(0, slash);
}

struct Module {
  archgate_http_connect_fn connect = nullptr;
  archgate_http_sha256_fn sha256 = nullptr;
  std::string error;
};

const Module& module() {
  static const Module m = [] {
    Module out;
    const std::string expected_abi = module_abi();
    std::vector<std::string> tried;
    auto dir = exe_dir();
    for (std::string path : {g_module_path, dir + "/archgate-http.so", dir + "/../lib/archgate/archgate-http.so"}) {
      if (path.empty()) continue;
      tried.push_back(path);
      if (::access(path.c_str(), R_OK) != 0) continue;
      void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (lib == nullptr) {
        const char* why = ::dlerror();
        out.error = "cannot load the HTTP module " + path + (why ? std::string(": ") + why : std::string());
        return out;
      }
      auto abi = reinterpret_cast<archgate_http_abi_fn>(::dlsym(lib, "archgate_http_abi"));
      auto connect = reinterpret_cast<archgate_http_connect_fn>(::dlsym(lib, "archgate_http_connect"));
      auto sha256 = reinterpret_cast<archgate_http_sha256_fn>(::dlsym(lib, "archgate_http_sha256"));
      if (abi == nullptr || connect == nullptr || sha256 == nullptr || expected_abi != abi()) {
        out.error = "the HTTP module " + path + " belongs to another archgate build (expected " + expected_abi +
                    "); reinstall archgate";
        return out;
      }
      out.connect = connect;
      out.sha256 = sha256;
      return out;
    }
    out.error = "archgate's HTTP module (archgate-http.so) is not installed; looked in:";
    for (const auto& t : tried) out.error += " " + t;
    return out;
  }();
  return m;
}

}  // namespace

std::string Response::header(std::string_view name) const {
  auto want = lower(name);
  for (const auto& [k, v] : headers) {
    if (lower(k) == want) return v;
  }
  return {};
}

std::optional<std::string> unavailable() {
  const auto& m = module();
  return m.connect == nullptr ? std::optional<std::string>(m.error) : std::nullopt;
}

void set_module_path(std::string path) { g_module_path = std::move(path); }

std::expected<std::unique_ptr<Client>, std::string> connect(const std::string& origin, const Options& options) {
  const auto& m = module();
  if (m.connect == nullptr) return std::unexpected(m.error);
  return std::unique_ptr<Client>(m.connect(&origin, &options));
}

namespace {

std::string hex(const unsigned char (&digest)[32]) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : digest) {
    out += k_hex[b >> 4];
    out += k_hex[b & 15];
  }
  return out;
}

}  // namespace

std::expected<std::string, std::string> sha256_hex(std::string_view text) {
  const auto& m = module();
  if (m.sha256 == nullptr) return std::unexpected(m.error);
  unsigned char digest[32];
  m.sha256(text.data(), text.size(), digest);
  return hex(digest);
}

}  // namespace archgate::core::http
