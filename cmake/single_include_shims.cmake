# SPDX-License-Identifier: MIT
# For PLUGBOARD_SINGLE_HEADER: writes one shim per public header so code that
# includes "plugboard/<anything>.hpp" gets the amalgamated single header.
# testing/, sandbox/ and the optional simdjson serializer are not part of the
# single header; their shims point at the real files, whose own plugboard
# includes then resolve to shims.
function(plugboard_make_single_include_shims out_dir)
  set(single "${PROJECT_SOURCE_DIR}/single_include/plugboard/plugboard.hpp")
  file(GLOB_RECURSE headers RELATIVE "${PROJECT_SOURCE_DIR}/include"
       "${PROJECT_SOURCE_DIR}/include/plugboard/*.hpp")
  foreach(header IN LISTS headers)
    if(header MATCHES "^plugboard/(testing|sandbox)/" OR header STREQUAL "plugboard/serializer/simdjson.hpp")
      set(content "#include \"${PROJECT_SOURCE_DIR}/include/${header}\"\n")
    else()
      set(content "#include \"${single}\"\n")
    endif()
    file(WRITE "${out_dir}/${header}" "#pragma once\n${content}")
  endforeach()
endfunction()
