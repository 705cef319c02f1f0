# archgate in a container: the build stage compiles and packages the .deb,
# the final stage installs only that .deb on the same pinned Debian release
# and runs as an unprivileged user.
#   docker build -t archgate .
#   docker run --rm -v "$PWD:/work" archgate check /work --format markdown
# Debian's dated tags pin the release and the snapshot of its packages.
FROM debian:bookworm-20241111-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake ninja-build pkg-config \
      libcli11-dev libgit2-dev libtomlplusplus-dev libcpp-httplib-dev libssl-dev libsimdjson-dev \
      libfyaml-dev libfmt-dev nlohmann-json3-dev help2man dpkg-dev file \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHGATE_TESTS=OFF \
 && cmake --build build \
 && cd build && cpack -G DEB

FROM debian:bookworm-20241111-slim
COPY --from=build /src/build/archgate_*.deb /tmp/
# git: `--staged`, `--diff-base` and `diff` read the mounted repository;
# ca-certificates: `archgate deps` talks to the registry over TLS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/archgate_*.deb ca-certificates git \
 && rm -rf /var/lib/apt/lists/* /tmp/archgate_*.deb \
 && useradd --create-home --uid 10001 archgate \
 && git config --system --add safe.directory '*'
USER archgate
WORKDIR /work
# A command-line tool, not a service: nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["archgate"]
CMD ["--help"]
