# `cmake --install` and `cpack`: the binary (its data files are embedded),
# a man page generated from the CLI's own help by Debian's help2man when it
# is installed, the README and docs. `cpack -G DEB` builds a .deb whose
# Depends are computed by dpkg-shlibdeps from the libraries the binary links.
include(GNUInstallDirs)

install(TARGETS archgate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(ARCHGATE_MAN ${CMAKE_BINARY_DIR}/archgate.1)
  add_custom_command(
    OUTPUT ${ARCHGATE_MAN}
    COMMAND ${CMAKE_SOURCE_DIR}/scripts/gen-man.sh ${HELP2MAN} $<TARGET_FILE:archgate> ${ARCHGATE_MAN}
    DEPENDS archgate ${CMAKE_SOURCE_DIR}/scripts/gen-man.sh
    COMMENT "Generating the man page from archgate --help")
  add_custom_target(man ALL DEPENDS ${ARCHGATE_MAN})
  install(FILES ${ARCHGATE_MAN} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (scripts/install-deps.sh --package installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME archgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Audits a Node.js repository's architecture and dependencies before a merge")
set(CPACK_PACKAGE_DESCRIPTION
    "archgate reads a Node.js project's manifests, lockfiles and source and prints the architecture checklist a reviewer reads before a merge: runtime pinning, dependency scores, lockfile hygiene, import graph, cycles, boundaries and production facts, as text, Markdown, JSON, SARIF, JUnit, GitLab Code Quality and HTML.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "archgate maintainers <archgate@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
include(CPack)
