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

std::vector<std::pair<std::string, std::optional<std::string>>> parse_arg_instruction(std::string_view args) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  for (auto w : words(args)) {
    auto eq = w.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string(w), std::nullopt);
      continue;
    }
    auto val = w.substr(eq + 1);
    if (val.size() >= 2 && (val.front() == '"' || val.front() == '\'') && val.back() == val.front()) {
      val = val.substr(1, val.size() - 2);
    }
    out.emplace_back(std::string(w.substr(0, eq)), std::string(val));
  }
  return out;
}

std::string expand_build_args(std::string_view text, const std::map<std::string, std::string>& defaults) {
  std::map<std::string, ArgValue> args;
  for (const auto& [name, value] : defaults) args[name] = ArgValue{value, true, 0};
  return substitute(text, args).text;
}

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
  bool seen_from = false;
  std::size_t first_pin = out.size();
  int stage_index = 0;
  int last_from_line = 0;
  // Per stage: the earlier stage it is built FROM (-1: an image), the pin
  // its image gave (-1: none), and the stages it copies Node's binary from.
  struct Stage {
    std::string name;
    int base = -1;
    long pin = -1;
    std::vector<std::string> node_from;
    std::string image;  // when base is -1
  };
  std::vector<Stage> stages;
  auto stage_named = [&](std::string_view name) {
    for (std::size_t s = 0; s < stages.size(); ++s) {
      if (!stages[s].name.empty() && lower(stages[s].name) == lower(name)) return static_cast<int>(s);
    }
    return -1;
  };
  for (const auto& ins : split_instructions(text)) {
    if (ins.keyword == "copy" && !stages.empty()) {
      // COPY --from=build /usr/local/bin/node /usr/local/bin/: the shipped
      // image runs that stage's Node.
      std::string_view from;
      bool node_binary = false;
      for (auto w : words(ins.args)) {
        if (w.starts_with("--from=")) from = w.substr(7);
        else if (!w.starts_with("--") && (w.ends_with("/bin/node") || w == "node")) node_binary = true;
      }
      if (!from.empty() && node_binary) stages.back().node_from.emplace_back(from);
      continue;
    }
    if (ins.keyword == "arg" && !seen_from) {
      for (auto& [name, value] : parse_arg_instruction(ins.args)) {
        ArgValue v;
        v.line = ins.line;
        if (value) {
          v.value = std::move(*value);
          v.has_default = true;
        }
        global_args[name] = std::move(v);
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
    int base = stage_named(image_raw);  // FROM an earlier stage: not an image
    stages.push_back(Stage{stage_name, base, -1, {}, base >= 0 ? "" : image_raw});
    if (base >= 0) {
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
    stages.back().pin = static_cast<long>(out.size());
    out.push_back(std::move(pin));
  }
  // The last FROM is the image that ships; say so.
  if (out.size() > first_pin && out.back().line == last_from_line) {
    out.back().context += " (final)";
  }
  // Only the Node the shipped image comes from (its stage's ancestry, or a
  // stage it copies Node's binary from) runs in production. A Node stage
  // that only builds (its output copied into caddy, nginx, a distroless
  // static image) is a build pin: an end-of-life one matters less, and it
  // does not disagree with what production runs.
  if (stages.size() < 2) return;
  // A final image that carries a Node archgate does not read as a pin
  // (distroless nodejs22, chainguard node): what ships is unknown, so
  // nothing is demoted.
  int root = static_cast<int>(stages.size()) - 1;
  for (int hops = 0; stages[static_cast<std::size_t>(root)].base >= 0 && hops < 128; ++hops) {
    root = stages[static_cast<std::size_t>(root)].base;
  }
  const auto& root_stage = stages[static_cast<std::size_t>(root)];
  if (root_stage.pin < 0) {
    std::string image = lower(root_stage.image);
    auto slash = image.rfind('/');
    if (image.find("node", slash == std::string::npos ? 0 : slash) != std::string::npos) return;
  }
  std::vector<bool> ships(out.size(), false);
  std::vector<int> todo{static_cast<int>(stages.size()) - 1};
  std::vector<bool> seen(stages.size(), false);
  while (!todo.empty()) {
    int s = todo.back();
    todo.pop_back();
    if (s < 0 || seen[static_cast<std::size_t>(s)]) continue;
    seen[static_cast<std::size_t>(s)] = true;
    const auto& st = stages[static_cast<std::size_t>(s)];
    if (st.pin >= 0) ships[static_cast<std::size_t>(st.pin)] = true;
    todo.push_back(st.base);
    for (const auto& from : st.node_from) todo.push_back(stage_named(from));
  }
  for (std::size_t i = first_pin; i < out.size(); ++i) {
    if (!ships[i]) out[i].role = PinRole::build;
  }
}

}  // namespace archgate::analyzers::runtime
