# Desktop integration and packaging, included from the top-level CMakeLists.txt after app/.
#
# `cmake --install` puts, under the prefix (GNUInstallDirs, included before app/ so that its
# install(TARGETS tcpviz) can use CMAKE_INSTALL_BINDIR):
#   bin/tcpviz                                    (app/CMakeLists.txt)
#   share/applications/tcpviz.desktop             launcher, opens application/x-tcpviz-scenario
#   share/icons/hicolor/scalable/apps/tcpviz.svg  the icon the .desktop names
#   share/metainfo/io.github.tcpviz.metainfo.xml  AppStream, for software centres
#   share/mime/packages/tcpviz.xml                the scenario MIME type (*.tcpviz.json, or a
#                                                 .json whose first bytes say tcpviz-scenario/1)
# A distribution package's triggers (dpkg: shared-mime-info, desktop-file-utils,
# hicolor-icon-theme) refresh the MIME, desktop and icon caches; a plain `cmake --install`
# into /usr/local needs `update-mime-database /usr/local/share/mime` once by hand.
#
# `cpack -G DEB` (in the build directory) builds tcpviz_<version>_<arch>.deb with its
# dependencies declared: dpkg-shlibdeps (package dpkg-dev) computes the shared libraries'
# packages; the rest are listed below.

set(tcpviz_resources ${PROJECT_SOURCE_DIR}/resources)

install(FILES ${tcpviz_resources}/tcpviz.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${tcpviz_resources}/icons/tcpviz.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${tcpviz_resources}/io.github.tcpviz.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${tcpviz_resources}/tcpviz-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME tcpviz.xml)

# --- CPack: Debian package -------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tcpviz)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "tcpviz developers")
set(CPACK_PACKAGE_CONTACT "tcpviz developers <tcpviz@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Debian wants description lines under 80 characters; CPack indents each by one space.
set(CPACK_PACKAGE_DESCRIPTION
    "tcpviz teaches TCP. Two endpoints of a TCP engine that follows RFC 9293 talk
over a simulated link with delay, loss, reordering, duplication and scripted
faults. The trace is drawn the way textbooks draw TCP: a sequence diagram with
slanted arrows labelled SYN=1, seq=x, the RFC 9293 state diagram with both
endpoints lit, and the TCP header of each segment. Teachers step through
built-in or hand-written scenarios, ask what happens when a segment is lost,
and export figures for slides. The interface is in English and Chinese.")
set(CPACK_STRIP_FILES ON)
# Packages are built under the build directory, never in the source tree.
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tcpviz_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# libQt6*, libstdc++6, libc6, libpcap0.8 ... from the binary's NEEDED entries.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not visible to dpkg-shlibdeps: Qt loads its platform plugin (xcb) at run time.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
# The Chinese interface and exports need a CJK font.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")

include(CPack)
