#include "analyzers/deps/replacements.hpp"

#include <array>
#include <cstdint>

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/embedded.hpp"

namespace archgate::deps {

namespace {

using analyzers::runtime::PinRole;
using analyzers::runtime::SpecKind;

constexpr std::string_view k_file = "module-replacements.json";

std::string str_of(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (o[key].get_string().get(s)) {
    return {};
  }
  return std::string(s);
}

std::string option_text(const ReplacementOption& o) {
  if (o.node_min.empty()) {
    return o.id;
  }
  return o.id + " (Node.js >= " + o.node_min + ")";
}

}  // namespace

std::string expand_url(std::string_view url) {
  struct Prefix {
    std::string_view short_form;
    std::string_view base;
  };
  static constexpr Prefix k_prefixes[] = {
      {"mdn:", "https://developer.mozilla.org/en-US/docs/"},
      {"node:", "https://nodejs.org/"},
      {"e18e:", "https://e18e.dev/docs/replacements/"},
  };
  for (const auto& p : k_prefixes) {
    if (url.starts_with(p.short_form)) {
      return std::string(p.base) + std::string(url.substr(p.short_form.size()));
    }
  }
  return std::string(url);
}

core::Result<ReplacementTable> parse_replacements(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::object root;
  if (auto err = parser.parse(padded).get_object().get(root)) {
    return core::fail(std::string(k_file), std::string("invalid replacements data: ") +
                                               simdjson::error_message(err));
  }
  simdjson::dom::object reps;
  if (root["replacements"].get_object().get(reps)) {
    return core::fail(std::string(k_file), "no \"replacements\" object");
  }
  simdjson::dom::object docs;
  bool have_docs = !root["docs"].get_object().get(docs);
  ReplacementTable table;
  for (auto kind : {ReplacementKind::native, ReplacementKind::micro_utility, ReplacementKind::preferred}) {
    simdjson::dom::object section;
    if (root[to_string(kind)].get_object().get(section)) {
      return core::fail(std::string(k_file), fmt::format("no \"{}\" object", to_string(kind)));
    }
    for (auto [name, ids] : section) {
      simdjson::dom::array list;
      if (ids.get_array().get(list)) {
        return core::fail(std::string(k_file),
                          fmt::format("{}: expected an array of replacement ids", name));
      }
      Replacement r;
      r.package = std::string(name);
      r.kind = kind;
      for (auto id : list) {
        std::string_view rid;
        simdjson::dom::object rec;
        if (id.get_string().get(rid) || reps[rid].get_object().get(rec)) {
          return core::fail(std::string(k_file), fmt::format("{}: unknown replacement id", name));
        }
        ReplacementOption o;
        o.id = std::string(rid);
        o.node_min = str_of(rec, "node");
        o.url = expand_url(str_of(rec, "url"));
        o.description = str_of(rec, "description");
        bool b = false;
        o.removal = !rec["removal"].get_bool().get(b) && b;
        r.options.push_back(std::move(o));
      }
      if (have_docs) {
        std::string_view d;
        if (!docs[name].get_string().get(d)) {
          r.docs = expand_url(d);
        }
      }
      table.emplace(r.package, std::move(r));
    }
  }
  return table;
}

const ReplacementTable& replacement_table() {
  static const ReplacementTable table = [] {
    auto t = parse_replacements(core::embedded_file(k_file));
    return t ? std::move(*t) : ReplacementTable{};
  }();
  return table;
}

const Replacement* find_replacement(std::string_view package) {
  const auto& t = replacement_table();
  // Asked for every registry package (50,000 on a large lockfile), and a
  // few hundred names have an entry: most names are ruled out by their
  // first byte and length (one bit each) before any hashing.
  static const std::array<std::uint64_t, 256> k_first_and_length = [&t] {
    std::array<std::uint64_t, 256> masks{};
    for (const auto& [name, r] : t) {
      if (!name.empty()) masks[static_cast<unsigned char>(name[0])] |= std::uint64_t{1} << (name.size() & 63);
    }
    return masks;
  }();
  if (!package.empty() &&
      ((k_first_and_length[static_cast<unsigned char>(package[0])] >> (package.size() & 63)) & 1) == 0) {
    return nullptr;
  }
  auto it = t.find(package);
  return it == t.end() ? nullptr : &it->second;
}

RuntimeFloor runtime_floor(const analyzers::runtime::RuntimeAnalysis& analysis) {
  RuntimeFloor floor;
  std::vector<std::string> labels;
  for (const auto& r : analysis.pins) {
    if (r.pin.role != PinRole::runtime || !r.major) {
      continue;
    }
    std::optional<core::semver::Version> v;
    std::string label;
    if (r.kind == SpecKind::exact) {
      v = core::semver::parse_version(r.exact, {.loose = true});
      label = r.exact;
    } else if (r.kind == SpecKind::line) {
      v = core::semver::coerce(r.pin.version);  // "20" -> 20.0.0, "20.11" -> 20.11.0
      label = r.pin.version;
    } else if (r.kind == SpecKind::range) {
      if (auto range = core::semver::Range::parse(r.pin.version, {.loose = true})) {
        v = range->min_version();
      }
      label = r.pin.version;
    }
    if (!v || v->major != static_cast<std::uint64_t>(*r.major)) {
      v = core::semver::Version{.major = static_cast<std::uint64_t>(*r.major)};
      label = std::to_string(*r.major);
    }
    if (!floor.version || core::semver::compare(*v, *floor.version) < 0) {
      floor.version = v;
    }
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
      labels.push_back(label);
    }
  }
  if (floor.version) {
    floor.from = RuntimeFloor::From::pins;
    floor.text = "your pins: ";
    for (std::size_t i = 0; i < labels.size(); ++i) {
      floor.text += (i ? ", " : "") + labels[i];
    }
    return floor;
  }
  for (const auto& r : analysis.pins) {
    if (r.pin.role != PinRole::constraint || r.pin.source != "engines" || !r.pin.context.empty()) {
      continue;
    }
    auto range = core::semver::Range::parse(r.pin.version, {.loose = true});
    if (!range) {
      continue;
    }
    if (auto v = range->min_version()) {
      floor.from = RuntimeFloor::From::engines;
      floor.version = v;
      floor.text = "no runtime pin; engines.node \"" + r.pin.version + "\" admits " + v->to_string();
      return floor;
    }
  }
  floor.text = "the runtime is unknown: nothing pins Node.js";
  return floor;
}

std::vector<const ReplacementOption*> available_options(const Replacement& r,
                                                         const RuntimeFloor& floor) {
  std::vector<const ReplacementOption*> out;
  for (const auto& o : r.options) {
    if (o.node_min.empty() || !floor.version) {
      out.push_back(&o);
      continue;
    }
    auto need = core::semver::parse_version(o.node_min, {.loose = true});
    if (!need) {
      need = core::semver::coerce(o.node_min);
    }
    if (need && core::semver::compare(*need, *floor.version) <= 0) {
      out.push_back(&o);
    }
  }
  return out;
}

std::string describe_replacement(const Replacement& r) {
  std::string s = "replacement (" + std::string(to_string(r.kind)) + "): ";
  for (std::size_t i = 0; i < r.options.size(); ++i) {
    const auto& o = r.options[i];
    s += (i ? " or " : "") + (o.removal ? "remove it" : option_text(o));
  }
  if (!r.docs.empty()) {
    s += "; see " + r.docs;
  }
  return s;
}

}  // namespace archgate::deps
