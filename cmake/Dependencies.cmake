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
