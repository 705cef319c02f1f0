#pragma once
// The subcommand of a package-manager call (npm, pnpm, yarn, bun), read by
// the Dockerfile analysis (is this RUN an install?) and the CI walk (which
// script does this step run?).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::core {

// The index in `words` of the subcommand of the call whose tool is at
// `tool_at`: the first word after it that is neither an option nor the value
// of an option that takes one (`pnpm --filter web install` → install,
// `npm -w api test` → test). words.size() when there is none (`yarn`,
// `yarn --frozen-lockfile`). `from` starts the search further on: after
// `run`, for the script name (`pnpm run --filter web test`).
inline std::size_t pm_subcommand_at(const std::vector<std::string>& words, std::size_t tool_at, std::size_t from = 0) {
  std::string_view tool = tool_at < words.size() ? std::string_view(words[tool_at]) : std::string_view();
  tool = tool.substr(tool.rfind('/') + 1);
  tool = tool.substr(0, tool.find('@'));
  auto takes_value = [&](std::string_view w) {
    return w == "--filter" || w == "-F" || w == "-C" || w == "--dir" || w == "--cwd" || w == "--prefix" ||
           w == "--workspace" || (tool == "npm" && w == "-w");  // pnpm's -w is --workspace-root
  };
  std::size_t i = from > tool_at ? from : tool_at + 1;
  while (i < words.size() && words[i].starts_with("-")) i += takes_value(words[i]) ? 2 : 1;
  return i < words.size() ? i : words.size();
}

}  // namespace archgate::core
