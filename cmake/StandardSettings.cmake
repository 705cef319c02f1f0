# Settings and warnings as INTERFACE targets, linked by every target.
add_library(archgate_settings INTERFACE)
target_compile_features(archgate_settings INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)
if(ARCHGATE_FUZZ)
  # Coverage instrumentation in the library too, or libFuzzer is blind to
  # the parsers it is meant to explore.
  target_compile_options(archgate_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(archgate_settings INTERFACE -fsanitize=address,undefined)
elseif(ARCHGATE_SANITIZE)
  target_compile_options(archgate_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(archgate_settings INTERFACE -fsanitize=address,undefined)
endif()

add_library(archgate_warnings INTERFACE)
target_compile_options(archgate_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wno-missing-field-initializers)

# simdjson's on-demand API is compiled into our code (header templates), so
# its SIMD kernel is chosen at compile time. x86-64-v2 (SSE4.2 + PCLMUL,
# every x86-64 CPU since 2009) selects the "westmere" kernel instead of the
# scalar fallback; ARCHGATE_MARCH=native gets AVX2 on the build machine.
set(ARCHGATE_MARCH "x86-64-v2" CACHE STRING "-march value on x86-64 (empty: compiler default)")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND ARCHGATE_MARCH)
  target_compile_options(archgate_settings INTERFACE -march=${ARCHGATE_MARCH} -mpclmul)
endif()
