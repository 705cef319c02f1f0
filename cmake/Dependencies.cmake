# The one place third-party dependencies are resolved: Debian's packages
# only (scripts/install-deps.sh installs them). Nothing is fetched.
find_package(PkgConfig REQUIRED)
find_package(simdjson REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(FYAML REQUIRED IMPORTED_TARGET libfyaml)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)

# Debian ships cpp-httplib compiled (libcpp-httplib.so, built with OpenSSL,
# zlib and brotli); its header declares what the library defines, so use
# the pkg-config flags as they are.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_library(httplib_iface INTERFACE)
target_link_libraries(httplib_iface INTERFACE PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto
                                              Threads::Threads)

# The allocator of the archgate executable (docs/DEPENDENCIES.md, "mimalloc"):
# mimalloc on transparent huge pages, because a fresh 4 KB page costs a fault
# and faults were a quarter of a large run. Not with the sanitizers or
# libFuzzer, which bring their own allocator; -DARCHGATE_MIMALLOC=OFF keeps
# glibc's malloc.
option(ARCHGATE_MIMALLOC "Link the archgate executable with mimalloc" ON)
if(ARCHGATE_MIMALLOC AND NOT ARCHGATE_SANITIZE AND NOT ARCHGATE_FUZZ)
  find_package(mimalloc 2.0 REQUIRED)
  add_library(archgate_allocator INTERFACE)
  target_link_libraries(archgate_allocator INTERFACE mimalloc)
  target_compile_definitions(archgate_allocator INTERFACE ARCHGATE_MIMALLOC=1)
else()
  add_library(archgate_allocator INTERFACE)
endif()
