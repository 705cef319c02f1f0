// Fuzzes the streaming JSON writer (reports/json_writer) against nlohmann's
// dump: arbitrary bytes (lockfile names, URLs, messages) as values and keys
// must come out byte for byte as nlohmann writes them (invalid UTF-8 as
// U+FFFD), through JsonWriter and through append_json_string. The writer
// writes through a pointer into room it sizes itself, so an escape that
// outgrows that room is what this is for (ASan).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/json_writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  constexpr auto replace = nlohmann::json::error_handler_t::replace;

  std::string one;
  archgate::reports::append_json_string(one, in);
  if (one != nlohmann::json(std::string(in)).dump(-1, ' ', false, replace)) std::abort();

  // The input's pieces between 0x00 bytes: every one as a value, and each
  // distinct one as a key (an object's keys are unique).
  std::vector<std::string> parts;
  for (std::size_t from = 0;;) {
    const auto zero = in.find('\0', from);
    parts.emplace_back(in.substr(from, zero == std::string_view::npos ? std::string_view::npos : zero - from));
    if (zero == std::string_view::npos) break;
    from = zero + 1;
  }
  nlohmann::ordered_json tree;
  tree["parts"] = nlohmann::ordered_json::array();
  tree["keys"] = nlohmann::ordered_json::object();
  std::ostringstream streamed;
  {
    archgate::reports::JsonWriter w(streamed);
    w.begin_object().key("parts").begin_array();
    for (const auto& p : parts) {
      w.value(p);
      tree["parts"].push_back(p);
    }
    w.end_array().key("keys").begin_object();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!seen.insert(parts[i]).second) continue;
      w.field(std::string_view(parts[i]), i);
      tree["keys"][parts[i]] = i;
    }
    w.end_object().end_object();
    w.finish();
  }
  if (streamed.str() != tree.dump(2, ' ', false, replace) + "\n") std::abort();
  return 0;
}
