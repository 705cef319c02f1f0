// Pins in Dockerfiles and Containerfiles: `FROM node:<tag>` lines.
//
// Why it works this way: only global ARGs (those before the first FROM) can
// be used in a FROM line, so one pass collects them and substitutes
// $VAR / ${VAR} / ${VAR:-default} in each FROM. Continuation lines are
// joined first, comments and parser directives skipped. A FROM that names an
// earlier stage is not an image. The pin's line is the FROM line; when the
// version came from an ARG default, value_line points at that ARG, which is
// the line an upgrade must edit.
#include <cctype>
#include <map>

#include "analyzers/runtime/pins.hpp"

namespace archgate::analyzers::runtime {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::vector<Instruction> split_instructions(std::string_view text) {
  std::vector<Instruction> out;
  int n = 0;
  Instruction cur;
  bool continuing = false;
  while (!text.empty()) {
    ++n;
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
      ++i;
    }
    if (i < line.size() && line[i] == '#') {
      continue;  // comments (and parser directives) are dropped, even inside continuations
    }
    std::string_view body = line.substr(i);
    bool cont = !body.empty() && body.back() == '\\';
    if (cont) {
      body.remove_suffix(1);
    }
    if (!continuing) {
      if (body.empty()) {
        continue;
      }
      auto sp = body.find_first_of(" \t");
      cur = Instruction{};
      cur.line = n;
      cur.keyword = lower(body.substr(0, sp));
      if (sp != std::string_view::npos) {
        auto a = body.find_first_not_of(" \t", sp);
        if (a != std::string_view::npos) {
          cur.column = static_cast<int>(i + a) + 1;
          cur.args = std::string(body.substr(a));
        }
      }
    } else {
      if (!cur.args.empty()) {
        cur.args += ' ';
      }
      cur.args += std::string(body);
    }
    continuing = cont;
    if (!continuing) {
      out.push_back(std::move(cur));
    }
  }
  if (continuing) {
    out.push_back(std::move(cur));
  }
  return out;
}

namespace {

struct ArgValue {
  std::string value;
  bool has_default = false;
  int line = 0;
};

struct Substituted {
  std::string text;
  std::vector<std::pair<std::string, int>> values;  // substituted values and their ARG lines
  bool unresolved = false;  // a variable without a value
};

Substituted substitute(std::string_view s, const std::map<std::string, ArgValue>& args) {
  Substituted out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '$' || i + 1 >= s.size()) {
      out.text.push_back(s[i++]);
      continue;
    }
    std::string name;
    std::string fallback;
    bool has_fallback = false;
    std::size_t j = i + 1;
    if (s[j] == '{') {
      auto close = s.find('}', j);
      if (close == std::string_view::npos) {
        out.text.append(s.substr(i));
        break;
      }
      std::string_view inner = s.substr(j + 1, close - j - 1);
      auto mod = inner.find(':');
      name = std::string(inner.substr(0, mod));
      if (mod != std::string_view::npos && mod + 1 < inner.size() && inner[mod + 1] == '-') {
        fallback = std::string(inner.substr(mod + 2));
        has_fallback = true;
      }
      i = close + 1;
    } else {
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) {
        ++j;
      }
      if (j == i + 1) {
        out.text.push_back(s[i++]);
        continue;
      }
      name = std::string(s.substr(i + 1, j - i - 1));
      i = j;
    }
    auto it = args.find(name);
    if (it != args.end() && it->second.has_default && !it->second.value.empty()) {
      out.text += it->second.value;
      out.values.emplace_back(it->second.value, it->second.line);
    } else if (has_fallback) {
      out.text += fallback;
    } else {
      out.unresolved = true;
      out.text += "${" + name + "}";
    }
  }
  return out;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
      ++i;
    }
    auto j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') {
      ++j;
    }
    if (j > i) {
      out.push_back(s.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

}  // namespace

bool parse_node_image(std::string_view image, std::string& version, bool& has_digest) {
  version.clear();
  has_digest = false;
  auto at = image.find('@');
  if (at != std::string_view::npos) {
    has_digest = true;
    image = image.substr(0, at);
  }
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  std::string_view repo = image;
  std::string_view tag;
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    repo = image.substr(0, colon);
    tag = image.substr(colon + 1);
  }
  auto last = repo.substr(repo.rfind('/') == std::string_view::npos ? 0 : repo.rfind('/') + 1);
  if (last != "node") {
    return false;
  }
  // node:<version>[-<variant>]: the version is everything before the first
  // '-' ("20.11.1-alpine3.19", "lts-slim", "20-bookworm-slim"). A tag that
  // is only a variant ("alpine", "slim", "bookworm") follows `latest`.
  auto dash = tag.find('-');
  std::string_view v = tag.substr(0, dash);
  bool known = !v.empty() && (std::isdigit(static_cast<unsigned char>(v.front())) ||
                              v == "lts" || v == "current" || v == "latest" ||
                              std::isalpha(static_cast<unsigned char>(v.front())));
  static constexpr std::string_view k_distros[] = {"slim",    "bookworm", "bullseye", "buster",
                                                   "stretch", "jessie",   "trixie"};
  bool variant_only = v.starts_with("alpine");
  for (auto d : k_distros) {
    variant_only = variant_only || v == d;
  }
  if (known && !variant_only) {
    version = std::string(v);
  }
  return true;
}

void parse_dockerfile(const std::string& path, std::string_view text,
                      std::vector<RuntimePin>& out) {
  std::map<std::string, ArgValue> global_args;
  std::vector<std::string> stage_names;
  bool seen_from = false;
  std::size_t first_pin = out.size();
  int stage_index = 0;
  int last_from_line = 0;
  for (const auto& ins : split_instructions(text)) {
    if (ins.keyword == "arg" && !seen_from) {
      for (auto w : words(ins.args)) {
        auto eq = w.find('=');
        ArgValue v;
        v.line = ins.line;
        if (eq != std::string_view::npos) {
          auto val = w.substr(eq + 1);
          if (val.size() >= 2 && (val.front() == '"' || val.front() == '\'') &&
              val.back() == val.front()) {
            val = val.substr(1, val.size() - 2);
          }
          v.value = std::string(val);
          v.has_default = true;
        }
        global_args[std::string(w.substr(0, eq))] = v;
      }
      continue;
    }
    if (ins.keyword != "from") {
      continue;
    }
    seen_from = true;
    last_from_line = ins.line;
    auto ws = words(ins.args);
    std::size_t k = 0;
    while (k < ws.size() && ws[k].starts_with("--")) {
      ++k;
    }
    if (k >= ws.size()) {
      continue;
    }
    std::string stage_name;
    if (k + 2 < ws.size() && lower(ws[k + 1]) == "as") {
      stage_name = std::string(ws[k + 2]);
    }
    ++stage_index;
    std::string image_raw(ws[k]);
    bool is_stage = false;
    for (const auto& s : stage_names) {
      if (lower(s) == lower(image_raw)) {
        is_stage = true;
      }
    }
    if (!stage_name.empty()) {
      stage_names.push_back(stage_name);
    }
    if (is_stage) {
      continue;
    }
    auto sub = substitute(image_raw, global_args);
    std::string version;
    bool digest = false;
    if (!parse_node_image(sub.text, version, digest)) {
      continue;
    }
    RuntimePin pin;
    pin.source = "dockerfile";
    pin.file = path;
    pin.line = ins.line;
    pin.column = ins.column + static_cast<int>(ws[k].data() - ins.args.data());
    pin.spec = sub.text;
    pin.version = sub.unresolved ? std::string() : version;
    pin.unresolved_variable = sub.unresolved;
    pin.has_digest = digest;
    // The ARG that carries the version is the line an upgrade edits.
    for (const auto& [value, line] : sub.values) {
      if (!version.empty() && value.find(version) != std::string::npos) {
        pin.value_file = path;
        pin.value_line = line;
        break;
      }
    }
    pin.context = "stage " + (stage_name.empty() ? std::to_string(stage_index) : stage_name);
    out.push_back(std::move(pin));
  }
  // The last FROM is the image that ships; say so.
  if (out.size() > first_pin && out.back().line == last_from_line) {
    out.back().context += " (final)";
  }
}

}  // namespace archgate::analyzers::runtime
