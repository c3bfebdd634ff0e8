# Removes what `cmake --install` wrote, the plugin file PLUGIN and the profile
# folder PROFILE, below $DESTDIR when it is set, as the install put them there.
foreach(path IN ITEMS "${PLUGIN}" "${PROFILE}")
  set(path "$ENV{DESTDIR}${path}")
  if(EXISTS "${path}" OR IS_SYMLINK "${path}")
    message(STATUS "Removing ${path}")
    file(REMOVE_RECURSE "${path}")
  endif()
endforeach()
