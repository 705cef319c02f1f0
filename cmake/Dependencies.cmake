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

# libgit2 is opened with dlopen when a git snapshot is first needed
# (core/git_snapshot.cpp), not linked: linked, it and the fourteen libraries
# it depends on cost every run ~2.4 ms of loading. Its headers are used as
# usual; the soname to open is read from the library found here.
find_library(ARCHGATE_LIBGIT2_LIBRARY NAMES git2 HINTS ${LIBGIT2_LIBRARY_DIRS} REQUIRED)
execute_process(COMMAND objdump -p ${ARCHGATE_LIBGIT2_LIBRARY} OUTPUT_VARIABLE _archgate_git2_dyn ERROR_QUIET)
if(_archgate_git2_dyn MATCHES "SONAME +([^\n ]+)")
  set(ARCHGATE_LIBGIT2_SONAME ${CMAKE_MATCH_1})
else()
  string(REGEX MATCH "^[0-9]+\\.[0-9]+" _archgate_git2_abi ${LIBGIT2_VERSION})
  set(ARCHGATE_LIBGIT2_SONAME libgit2.so.${_archgate_git2_abi})
endif()
message(STATUS "libgit2 is opened at run time as ${ARCHGATE_LIBGIT2_SONAME}")
set_property(SOURCE ${CMAKE_SOURCE_DIR}/core/git_snapshot.cpp APPEND PROPERTY
             COMPILE_DEFINITIONS ARCHGATE_LIBGIT2_SONAME="${ARCHGATE_LIBGIT2_SONAME}")
add_library(libgit2_iface INTERFACE)
target_include_directories(libgit2_iface INTERFACE ${LIBGIT2_INCLUDE_DIRS})
target_link_libraries(libgit2_iface INTERFACE ${CMAKE_DL_LIBS})

# Debian ships cpp-httplib compiled (libcpp-httplib.so, built with OpenSSL,
# zlib and brotli); its header declares what the library defines, so use
# the pkg-config flags as they are.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
add_library(httplib_iface INTERFACE)
target_link_libraries(httplib_iface INTERFACE PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto
                                              Threads::Threads)
