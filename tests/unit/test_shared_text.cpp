// core::SharedText: copies share one buffer, read and compare as strings,
// and the last copy frees it (ASan in the test build checks the freeing).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/shared_text.hpp"
#include "core/text.hpp"

using archgate::core::SharedText;

TEST_CASE("SharedText: copies share the buffer and read as the text", "[core][shared-text]") {
  SharedText a = std::string("packages are pinned only by sha1");
  SharedText b = a;
  CHECK(a.data() == b.data());  // one buffer
  CHECK(b.view() == "packages are pinned only by sha1");
  CHECK(b.size() == 32);
  CHECK(b.starts_with("packages"));
  CHECK(b.find("sha1") == 28);
  SharedText c = "packages are pinned only by sha1";
  CHECK(c.data() != a.data());  // equal text, its own buffer
  CHECK(a == c);
  CHECK(a == std::string("packages are pinned only by sha1"));
  CHECK(std::string("packages are pinned only by sha1") == a);
  CHECK(a != "packages");
  CHECK(SharedText("a") < SharedText("b"));
  CHECK(std::tie(a, c) == std::tie(c, a));
  CHECK("x: " + SharedText("y") == "x: y");
  CHECK(SharedText("y") + "!" == "y!");
  CHECK(SharedText("z").str() == "z");
  std::map<std::string_view, int> by_text;
  ++by_text[a];
  ++by_text[c];
  CHECK(by_text.size() == 1);
}

TEST_CASE("SharedText: empty, moved-from and reassigned texts", "[core][shared-text]") {
  SharedText none;
  CHECK(none.empty());
  CHECK(none == "");
  CHECK(SharedText("").empty());
  SharedText a = "first";
  SharedText moved = std::move(a);
  CHECK(moved == "first");
  CHECK(a.empty());  // NOLINT: a moved-from SharedText is empty
  a = moved;
  moved = "second";
  CHECK(a == "first");
  CHECK(moved == "second");
  a = a;  // self-assignment keeps the text
  CHECK(a == "first");
}

TEST_CASE("SharedText: copies made and dropped on two threads", "[core][shared-text]") {
  const SharedText shared = "one cause for every finding";
  auto churn = [&] {
    std::vector<SharedText> copies;
    for (int i = 0; i < 20000; ++i) {
      copies.push_back(shared);
      if (copies.size() > 64) copies.clear();
    }
  };
  std::thread t(churn);
  churn();
  t.join();
  CHECK(shared == "one cause for every finding");
}

TEST_CASE("SharedText::concat and core::concat join parts in one block", "[core][shared-text]") {
  auto t = SharedText::concat("resolved: ", "https://registry.example.test/a/-/a-1.0.0.tgz");
  CHECK(t == "resolved: https://registry.example.test/a/-/a-1.0.0.tgz");
  CHECK(t.size() == 10 + 45);
  CHECK(SharedText::concat("", "").empty());
  CHECK(SharedText::concat("a", "") == "a");
  CHECK(SharedText::concat("", "b") == "b");
  auto copy = t;
  CHECK(copy.data() == t.data());
  std::string label = "@scope/some-package@1.2.3";
  auto s = archgate::core::concat({label, " is downloaded from ", "host"});
  CHECK(s == "@scope/some-package@1.2.3 is downloaded from host");
  CHECK(s.capacity() >= s.size());
  CHECK(archgate::core::concat({}).empty());
}
