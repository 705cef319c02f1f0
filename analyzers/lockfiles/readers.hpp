#pragma once
// Factories for every lockfile reader (one per parsing logic).
#include <memory>

#include "analyzers/lockfiles/reader.hpp"

namespace archgate::analyzers {

std::unique_ptr<LockfileReader> make_npm_lock_reader();  // package-lock.json, npm-shrinkwrap.json
std::unique_ptr<LockfileReader> make_bun_lock_reader();  // bun.lock (text, lockfileVersion 0-2)
std::unique_ptr<LockfileReader> make_pnpm_lock_reader();  // pnpm-lock.yaml (5.x, 6.x, 9.x, 13.x)
std::unique_ptr<LockfileReader> make_yarn_classic_reader();  // yarn.lock, yarn 1 (# yarn lockfile v1)
std::unique_ptr<LockfileReader> make_yarn_berry_reader();  // yarn.lock, yarn 2+ (__metadata.version 4-10)
// FACTORIES: add new factories above this line.

}  // namespace archgate::analyzers
