#!/usr/bin/env bash
# Builds libfeedbackrl_hw.so (PCA9685 shim + Go1 shim) with the system gcc.
#   native/build.sh OUT_DIR [UNITREE_SDK_DIR]
# Maven runs this in process-classes (see pom.xml) with OUT_DIR = target/native. Without an SDK
# directory the Go1 shim has only its simulated backend. With one (mvn -Dunitree.sdk=/path), it also
# compiles go1_unitree.cpp against $SDK/include and links the SDK's static library with g++.
# No -march flags: the same sources build on x86-64 and aarch64 (Jetson).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:?usage: build.sh OUT_DIR [UNITREE_SDK_DIR]}"
SDK="${2:-${UNITREE_SDK:-}}"
# Maven passes the property text through unresolved when -Dunitree.sdk was not given.
[[ "$SDK" == '${unitree.sdk}' ]] && SDK=""
CC="${CC:-gcc}"
CXX="${CXX:-g++}"
mkdir -p "$OUT"
LIB="$OUT/libfeedbackrl_hw.so"
STAMP="$OUT/.sdk"
CFLAGS=(-O2 -g -std=c11 -fPIC -Wall -Wextra -Werror -fvisibility=hidden -pthread)

# Skip when nothing changed (same SDK choice, no source newer than the library).
if [[ -f "$LIB" && -f "$STAMP" && "$(cat "$STAMP")" == "$SDK" \
      && -z "$(find "$HERE" -maxdepth 1 -type f -newer "$LIB" | head -1)" ]]; then
  exit 0
fi

OBJ="$OUT/obj"
mkdir -p "$OBJ"
if [[ -z "$SDK" ]]; then
  "$CC" "${CFLAGS[@]}" -c "$HERE/pca9685.c" -o "$OBJ/pca9685.o"
  "$CC" "${CFLAGS[@]}" -c "$HERE/go1.c" -o "$OBJ/go1.o"
  "$CC" -shared -pthread -o "$LIB.tmp" "$OBJ/pca9685.o" "$OBJ/go1.o" -lm
else
  [[ -f "$SDK/include/unitree_legged_sdk/udp.h" ]] || { echo "build.sh: $SDK/include/unitree_legged_sdk/udp.h not found: -Dunitree.sdk must point at the unitree_legged_sdk checkout" >&2; exit 1; }
  case "$(uname -m)" in aarch64|arm64) ARCH=arm64 ;; *) ARCH=amd64 ;; esac
  # SDK 3.8 ships lib/cpp/<arch>/libunitree_legged_sdk.a; older layouts lib/libunitree_legged_sdk_<arch>.a.
  SDKLIB=""
  for c in "$SDK/lib/cpp/$ARCH/libunitree_legged_sdk.a" "$SDK/lib/libunitree_legged_sdk_$ARCH.a" "$SDK/lib/$ARCH/libunitree_legged_sdk.a"; do
    [[ -f "$c" ]] && { SDKLIB="$c"; break; }
  done
  [[ -n "$SDKLIB" ]] || { echo "build.sh: no libunitree_legged_sdk static library for $ARCH under $SDK/lib" >&2; exit 1; }
  "$CC" "${CFLAGS[@]}" -DFBRL_WITH_UNITREE -c "$HERE/pca9685.c" -o "$OBJ/pca9685.o"
  "$CC" "${CFLAGS[@]}" -DFBRL_WITH_UNITREE -c "$HERE/go1.c" -o "$OBJ/go1.o"
  "$CXX" -O2 -g -std=c++14 -fPIC -Wall -fvisibility=hidden -pthread -I"$SDK/include" -c "$HERE/go1_unitree.cpp" -o "$OBJ/go1_unitree.o"
  "$CXX" -shared -pthread -o "$LIB.tmp" "$OBJ/pca9685.o" "$OBJ/go1.o" "$OBJ/go1_unitree.o" "$SDKLIB" -lpthread -lm
fi
mv -f "$LIB.tmp" "$LIB"
printf '%s' "$SDK" > "$STAMP"
echo "build.sh: built $LIB${SDK:+ with the Unitree SDK at $SDK}"
