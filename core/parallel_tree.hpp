#pragma once
// Visiting the folders of a tree on a few threads. Listing a folder is
// mostly system calls, and a large monorepo has thousands of folders: the
// walkers (Snapshot::walk, the source listing) share one stack of folders
// to visit, and each thread takes the next one. What a visit produces goes
// into that thread's own results (indexed by the worker number), for the
// caller to merge and sort: the outcome never depends on scheduling.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace archgate::core {

// Threads for a tree walk: the machine's, at most 4 (the work is system
// calls; more threads only contend in the kernel).
inline std::size_t tree_threads() {
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

// Calls visit(worker, task, more) for every task, starting with `roots`;
// the visit appends the tasks it finds (subfolders) to `more`. Returns
// when every task has been visited. `worker` is in [0, threads).
template <class Task, class Visit>
void visit_tree(std::vector<Task> roots, std::size_t threads, Visit visit) {
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<Task> stack = std::move(roots);
  std::size_t busy = 0;
  auto worker = [&](std::size_t index) {
    std::vector<Task> more;
    for (;;) {
      Task task;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return !stack.empty() || busy == 0; });
        if (stack.empty()) return;  // nothing left and nobody visiting
        task = std::move(stack.back());
        stack.pop_back();
        ++busy;
      }
      more.clear();
      visit(index, task, more);
      {
        std::lock_guard lock(mutex);
        // Reversed, so that a single thread visits folders in name order.
        for (auto it = more.rbegin(); it != more.rend(); ++it) stack.push_back(std::move(*it));
        --busy;
      }
      wake.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
}

}  // namespace archgate::core
