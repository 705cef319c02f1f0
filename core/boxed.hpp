#pragma once
// Boxed<T>: a T kept out of line, and only once something is written to it.
//
// A deps report holds one PackageReport per locked package. Most of a
// report's bytes were facts only registry metadata gives (maintenance,
// advisories), which `check` without a registry cache never has: on a
// 50,000-package lockfile, 11.6 MB of empty strings and vectors that the
// kernel had to zero first. Boxed keeps one pointer instead.
//
// Reading never allocates: `box->field` and `*box` on a box that holds
// nothing see a default T (shared, immutable). Writing goes through
// `mut()`, which makes the T on first use. Copies are deep.
#include <memory>

namespace archgate::core {

template <class T>
class Boxed {
 public:
  Boxed() noexcept = default;
  Boxed(T value) : m_value(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit, like a T member
  Boxed(const Boxed& o) : m_value(o.m_value ? std::make_unique<T>(*o.m_value) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) m_value = o.m_value ? std::make_unique<T>(*o.m_value) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(T value) {
    m_value = std::make_unique<T>(std::move(value));
    return *this;
  }
  ~Boxed() = default;

  [[nodiscard]] const T& operator*() const noexcept { return m_value ? *m_value : empty(); }
  [[nodiscard]] const T* operator->() const noexcept { return &**this; }
  // The T to write to, made on first use.
  T& mut() {
    if (!m_value) m_value = std::make_unique<T>();
    return *m_value;
  }
  // Whether anything was ever written.
  [[nodiscard]] bool held() const noexcept { return m_value != nullptr; }

 private:
  static const T& empty() noexcept {
    static const T k_empty{};
    return k_empty;
  }
  std::unique_ptr<T> m_value;
};

}  // namespace archgate::core
