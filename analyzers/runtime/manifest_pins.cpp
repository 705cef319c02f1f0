// Pins in package.json: engines.node, volta.node, devEngines.runtime and the
// @types/node dependency, for the root and every workspace.
#include "analyzers/runtime/pins.hpp"

namespace archgate::analyzers::runtime {

namespace {

RuntimePin manifest_pin(const core::Manifest& m, std::string source, PinRole role,
                        core::Pos pos, std::string value) {
  RuntimePin pin;
  pin.source = std::move(source);
  pin.role = role;
  pin.file = m.path;
  pin.line = pos.line;
  pin.column = pos.column;
  pin.spec = value;
  pin.version = std::move(value);
  if (!m.dir.empty()) {
    pin.context = "workspace " + m.dir;
  }
  return pin;
}

}  // namespace

void pins_from_manifest(const core::Manifest& m, std::vector<RuntimePin>& out) {
  if (auto it = m.engines.find("node"); it != m.engines.end()) {
    core::Pos pos;
    if (auto p = m.engines_pos.find("node"); p != m.engines_pos.end()) {
      pos = p->second;
    }
    out.push_back(manifest_pin(m, "engines", PinRole::constraint, pos, it->second));
  }
  if (auto it = m.volta.find("node"); it != m.volta.end()) {
    core::Pos pos;
    if (auto p = m.volta_pos.find("node"); p != m.volta_pos.end()) {
      pos = p->second;
    }
    out.push_back(manifest_pin(m, "volta", PinRole::runtime, pos, it->second));
  }
  for (const auto& d : m.dev_engines_runtime) {
    if (d.name == "node" && !d.version.empty()) {
      out.push_back(manifest_pin(m, "dev-engines", PinRole::constraint, d.pos, d.version));
    }
  }
  for (const auto& d : m.dependencies) {
    if (d.name == "@types/node" &&
        (d.kind == core::EdgeKind::dev || d.kind == core::EdgeKind::prod)) {
      out.push_back(manifest_pin(m, "types-node", PinRole::types, d.pos, d.spec));
      break;
    }
  }
}

}  // namespace archgate::analyzers::runtime
