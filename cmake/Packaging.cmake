# Installing and packaging shardlift for hosts without a compiler (docs/install.md):
#
#   cmake --install build --prefix /usr/local     bin/shardlift, share/man/man1/shardlift.1.gz
#   cmake --build build --target package          build/shardlift-<version>-Linux-<arch>.tar.gz
#                                                 build/shardlift_<version>_<debian arch>.deb
#
# The .deb's Depends are computed by dpkg-shlibdeps from the shared libraries the binary links;
# tests/container/deb_install_test.sh installs it into a Debian root holding nothing else.

include(GNUInstallDirs)

install(TARGETS shardlift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The man page is made from the binary's own --help, so it cannot drift from the command line.
set(SHARDLIFT_MAN_PAGE "${PROJECT_BINARY_DIR}/doc/shardlift.1.gz")
add_custom_command(
  OUTPUT "${SHARDLIFT_MAN_PAGE}"
  COMMAND "${PROJECT_SOURCE_DIR}/cmake/make-man-page.sh" "$<TARGET_FILE:shardlift>"
          "${SHARDLIFT_MAN_PAGE}"
  DEPENDS shardlift "${PROJECT_SOURCE_DIR}/cmake/make-man-page.sh"
  COMMENT "Writing shardlift(1) from shardlift --help"
  VERBATIM)
add_custom_target(shardlift-man ALL DEPENDS "${SHARDLIFT_MAN_PAGE}")
install(FILES "${SHARDLIFT_MAN_PAGE}" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR TGZ DEB)
set(CPACK_PACKAGE_NAME shardlift)
set(CPACK_PACKAGE_VENDOR shardlift)
set(CPACK_PACKAGE_CONTACT "shardlift developers <shardlift@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Moves Elasticsearch 5.x/2.x data dirs into Elasticsearch 7 without running Elasticsearch 5")
set(CPACK_PACKAGE_DESCRIPTION
    "shardlift reads a cold Elasticsearch 5.x or 2.x path.data directory directly (state files, \
Lucene 5/6 segments, _source, live docs, _version, translog) and writes every document through \
_bulk into an Elasticsearch 7 it spawns or one given by URL, after translating settings, \
mappings, aliases and templates. `shardlift upgrade` replaces ClearML/Trains Server's ES 5 to 7 \
upgrade script.")
set(CPACK_STRIP_FILES ON)
# The tarball unpacks to shardlift-<version>-Linux-<arch>/{bin,share}/.
set(CPACK_PACKAGE_FILE_NAME
    "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# upgrade and migrate --es7-home run an Elasticsearch 7 home, which needs Java; --es7-docker and
# --target-url do not.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "openjdk-17-jre-headless")
include(CPack)

# The container, package and Kubernetes tests (tests/container; run by .ci/container). Off by
# default: they need podman and mmdebstrap, build images and take minutes.
option(SHARDLIFT_CONTAINER_TESTS "Register the container, package and Kubernetes manifest tests" OFF)
if(SHARDLIFT_CONTAINER_TESTS)
  enable_testing()
  add_subdirectory(tests/container)
endif()
