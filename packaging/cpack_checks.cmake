# Run by cpack before it packages (CPACK_PROJECT_CONFIG_FILE): CPack's DEB generator would
# otherwise write a package without Depends when dpkg-shlibdeps is missing.
find_program(SHMOCK_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(NOT SHMOCK_DPKG_SHLIBDEPS)
  message(FATAL_ERROR "the .deb's Depends are computed by dpkg-shlibdeps, which is not installed: "
                      "apt-get install dpkg-dev (or scripts/setup.sh --tests)")
endif()
