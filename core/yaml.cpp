#include "core/yaml.hpp"

#include <libfyaml.h>

#include "core/json_util.hpp"
#include "core/text.hpp"

#include <cstdlib>
#include <optional>
#include <regex>

namespace archgate::core {

void YamlDocDeleter::operator()(fy_document* doc) const { fy_document_destroy(doc); }

namespace {

struct Capture {
  std::string first;
};

void capture_output(fy_diag* /*diag*/, void* user, const char* buf, size_t len) {
  auto* c = static_cast<Capture*>(user);
  if (c->first.empty()) {
    c->first.assign(buf, len);
  }
}

}  // namespace

std::optional<std::pair<int, int>> find_libfyaml_crash(std::string_view text) {
  int line = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    ++line;
    auto end = text.find('\n', start);
    auto l = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    // A tab on a line that also holds a `?` indicator, or a tab followed by
    // `?`: every crash the fuzzer found has one of the two.
    bool question = false;
    std::optional<std::size_t> tab;
    for (std::size_t k = 0; k < l.size(); ++k) {
      char c = l[k];
      if (c == '?' && (k + 1 == l.size() || l[k + 1] == ' ' || l[k + 1] == '\t' || l[k + 1] == '\r')) {
        question = true;
      }
      if (c == '\t') {
        if (!tab) {
          tab = k;
        }
        auto j = k + 1;
        while (j < l.size() && (l[j] == ' ' || l[j] == '\t')) {
          ++j;
        }
        if (j < l.size() && l[j] == '?') {
          return std::make_pair(line, static_cast<int>(k) + 1);
        }
      }
    }
    if (tab && question) {
      return std::make_pair(line, static_cast<int>(*tab) + 1);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::size_t> find_control_character(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return i;
    }
  }
  return std::nullopt;
}

namespace {

// Only blank lines, comments and document markers (`---`, `...`, alone on
// their line): a stream without a document.
bool holds_no_document(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    auto line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto rest = line.substr(first);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r')) rest.remove_suffix(1);
    if (first == 0 && (rest == "---" || rest == "...")) continue;
    return false;
  }
  return true;
}

}  // namespace

Result<YamlDocument> parse_yaml(std::string path, std::string_view text) {
  // YAML is Unicode; rejecting invalid UTF-8 up front also avoids a libfyaml
  // 0.8 hang on a `%` directive line holding invalid UTF-8 (found by
  // fuzz/fuzz_runtime_pins.cpp).
  if (auto bad = find_invalid_utf8(text)) {
    auto lc = json::line_col(text, *bad);
    return fail(std::move(path), "invalid UTF-8 (YAML files must be UTF-8)", lc.line, lc.column);
  }
  // YAML allows no C0 control characters but tab, LF and CR (c-printable);
  // libfyaml 0.8 has crashed on malformed input holding them.
  if (auto bad = find_control_character(text)) {
    auto lc = json::line_col(text, *bad);
    return fail(std::move(path), "invalid YAML: control character in the text", lc.line, lc.column);
  }
  if (auto at = find_libfyaml_crash(text)) {
    return fail(std::move(path), "invalid YAML: a tab in an explicit key's line (`? …`)",
                at->first, at->second);
  }
  Capture capture;
  fy_diag_cfg dcfg{};
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  dcfg.output_fn = capture_output;
  dcfg.user = &capture;
  dcfg.colorize = false;
  dcfg.show_source = false;
  dcfg.show_position = true;
  dcfg.show_type = false;
  dcfg.show_module = false;
  std::unique_ptr<fy_diag, decltype(&fy_diag_destroy)> diag(fy_diag_create(&dcfg),
                                                            &fy_diag_destroy);
  fy_parse_cfg cfg{};
  // Sloppy flow indentation: a flow collection closed at its key's own
  // indentation (`needs: [\n  a,\n  b\n]` in a workflow) is outside the
  // letter of YAML 1.2, but GitHub, js-yaml and PyYAML read it, and real
  // workflows have it (seen on novuhq/novu).
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_SLOPPY_FLOW_INDENTATION);
  cfg.diag = diag.get();
  YamlDocument doc(fy_document_build_from_string(&cfg, text.data(), text.size()));
  if (!doc && holds_no_document(text)) {
    // An empty stream (an empty file, or only comments and markers) is
    // valid YAML with nothing in it; libfyaml builds no document for it.
    // Seen on trpc/trpc: an empty docker-compose.yaml made `check` exit 2.
    doc.reset(fy_document_create(&cfg));
    if (doc) return doc;
  }
  if (!doc) {
    // The diagnostic reads "<input>:<line>:<col>: error: <message>"
    // (positions 1-based); the input name is libfyaml's, not ours.
    static const std::regex re(R"(:(\d+):(\d+):\s*(?:error:\s*)?(.*?)\s*$)");
    std::smatch m;
    std::string first = capture.first;
    while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) {
      first.pop_back();
    }
    if (std::regex_search(first, m, re)) {
      return fail(std::move(path), "invalid YAML: " + m[3].str(), std::stoi(m[1].str()),
                  std::stoi(m[2].str()));
    }
    return fail(std::move(path), "invalid YAML" + (first.empty() ? "" : ": " + first));
  }
  return doc;
}

std::pair<int, int> yaml_position(fy_node* node) {
  if (!node) {
    return {0, 0};
  }
  fy_token* tok = fy_node_get_scalar_token(node);
  if (!tok) {
    return {0, 0};
  }
  const fy_mark* m = fy_token_start_mark(tok);
  if (!m) {
    return {0, 0};
  }
  return {m->line + 1, m->column + 1};
}

std::optional<std::string_view> yaml_scalar(fy_node* node) {
  if (!node || !fy_node_is_scalar(node)) {
    return std::nullopt;
  }
  std::size_t len = 0;
  const char* s = fy_node_get_scalar(node, &len);
  if (!s) {
    return std::nullopt;
  }
  return std::string_view(s, len);
}

fy_node* yaml_get(fy_node* map, std::string_view key) {
  if (!map || !fy_node_is_mapping(map)) {
    return nullptr;
  }
  void* it = nullptr;
  while (fy_node_pair* p = fy_node_mapping_iterate(map, &it)) {
    auto k = yaml_scalar(fy_node_pair_key(p));
    if (k && *k == key) {
      return fy_node_pair_value(p);
    }
  }
  return nullptr;
}

std::pair<int, int> yaml_key_position(fy_node* map, std::string_view key) {
  if (!map || !fy_node_is_mapping(map)) {
    return {0, 0};
  }
  void* it = nullptr;
  while (fy_node_pair* p = fy_node_mapping_iterate(map, &it)) {
    auto k = yaml_scalar(fy_node_pair_key(p));
    if (k && *k == key) {
      return yaml_position(fy_node_pair_key(p));
    }
  }
  return {0, 0};
}

void yaml_for_each_pair(fy_node* map,
                        const std::function<void(std::string_view, fy_node*)>& fn) {
  if (!map || !fy_node_is_mapping(map)) {
    return;
  }
  void* it = nullptr;
  while (fy_node_pair* p = fy_node_mapping_iterate(map, &it)) {
    auto k = yaml_scalar(fy_node_pair_key(p));
    fn(k.value_or(std::string_view{}), fy_node_pair_value(p));
  }
}

}  // namespace archgate::core
