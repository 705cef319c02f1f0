#pragma once
// Which source paths are dev-only (tests, stories, fixtures, mocks, build
// and test configuration, scripts, examples): findings only they have are
// notes, and the checklist does not count them as production code.
#include <string_view>

namespace archgate::rules {

bool dev_only_path(std::string_view path);

}  // namespace archgate::rules
