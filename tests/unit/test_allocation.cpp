// The container and allocation helpers the large-input paths rely on.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "cli/huge_pages.hpp"
#include "core/boxed.hpp"
#include "core/deps_model.hpp"
#include "core/graph.hpp"
#include "core/string_index.hpp"

using namespace archgate;

TEST_CASE("StringIndex::reserve holds the expected keys without losing any") {
  core::StringIndex index;
  index.reserve(50'000);
  std::vector<std::string> keys;
  keys.reserve(50'000);
  for (int i = 0; i < 50'000; ++i) keys.push_back("node_modules/pkg-" + std::to_string(i));
  for (std::uint32_t i = 0; i < keys.size(); ++i) REQUIRE(index.emplace(keys[i], i) == i);
  CHECK(index.size() == keys.size());
  CHECK(index.emplace(keys[123], 7) == 123);  // present: the first value stays
  CHECK(index.find(keys[49'999]) == 49'999);
  CHECK(index.find("node_modules/pkg-50000") == core::StringIndex::k_missing);
  // Reserving less than is held keeps every key.
  index.reserve(10);
  CHECK(index.size() == keys.size());
  CHECK(index.find(keys[0]) == 0);
}

TEST_CASE("StringArena keeps every stored string as written across blocks") {
  core::DependencyGraph g;
  std::vector<std::string_view> views;
  std::string big(300 * 1024, 'x');  // larger than the first block
  for (int i = 0; i < 20'000; ++i) views.push_back(g.intern("name-" + std::to_string(i)));
  auto b = g.intern(big);
  for (int i = 0; i < 20'000; ++i) REQUIRE(views[static_cast<std::size_t>(i)] == "name-" + std::to_string(i));
  CHECK(b == big);
  CHECK(g.intern("").empty());
}

TEST_CASE("large allocations start on a huge-page boundary; small ones are malloc's") {
  auto align = cli::huge_page_alignment();
  if (align == 0) {
    SUCCEED("operator new is the library's in this build (sanitizers)");
    return;
  }
  CHECK(align == std::size_t{2} << 20);
  for (std::size_t n : {align, align + 1, (std::size_t{19} << 20) + 64}) {
    auto p = std::make_unique_for_overwrite<char[]>(n);
    CHECK(reinterpret_cast<std::uintptr_t>(p.get()) % align == 0);
    p[0] = 'a';
    p[n - 1] = 'z';  // the whole size is usable
    CHECK(p[n - 1] == 'z');
  }
  std::vector<std::uint64_t> v;
  v.reserve(1 << 20);  // 8 MB through std::allocator
  CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % align == 0);
  auto* q = new (std::nothrow) char[align * 2];
  REQUIRE(q != nullptr);
  CHECK(reinterpret_cast<std::uintptr_t>(q) % align == 0);
  delete[] q;
  auto small = std::make_unique<char[]>(100);
  CHECK(small != nullptr);
  auto* zero = ::operator new(0);  // a distinct, valid pointer
  CHECK(zero != nullptr);
  ::operator delete(zero);
}

TEST_CASE("Boxed: reading an empty box sees a default and makes nothing; copies are deep") {
  core::Boxed<core::deps::MaintenanceFacts> box;
  CHECK_FALSE(box.held());
  CHECK_FALSE(box->known);          // a default T, read without allocating
  CHECK(box->days_since_publish == -1);
  CHECK((*box).latest.empty());
  CHECK_FALSE(box.held());          // reading never makes one
  box.mut().latest = "2.0.0";
  CHECK(box.held());
  CHECK(box->latest == "2.0.0");
  auto copy = box;
  copy.mut().latest = "3.0.0";
  CHECK(box->latest == "2.0.0");    // deep: the copy has its own T
  CHECK(copy->latest == "3.0.0");
  auto moved = std::move(copy);
  CHECK(moved->latest == "3.0.0");
  core::deps::MaintenanceFacts facts;
  facts.known = true;
  box = facts;
  CHECK(box->known);
  core::Boxed<core::deps::MaintenanceFacts> empty_copy = core::Boxed<core::deps::MaintenanceFacts>();
  CHECK_FALSE(empty_copy.held());
  // A report without registry metadata holds two pointers, not the facts.
  CHECK(sizeof(core::deps::PackageReport) <
        sizeof(core::deps::MaintenanceFacts) + sizeof(core::deps::AdvisoryFacts) + 2 * sizeof(std::string));
}
