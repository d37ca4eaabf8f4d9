#!/usr/bin/env bash
# Builds libfeedbackrl_hw.so (PCA9685 shim + Go1 shim) and fbrl_guardian with the system gcc.
#   native/build.sh OUT_DIR [UNITREE_SDK_DIR|none]
# Maven runs this in process-classes (see pom.xml) with OUT_DIR = target/native and the value of
# -Dunitree.sdk. The Unitree SDK (go1 branch, 3.8.x) is chosen in this order:
#   1. -Dunitree.sdk=DIR (or none)      2. the UNITREE_SDK environment variable (DIR or none)
#   3. the choice the shim was last built with, remembered in .unitree-sdk at the repository root
#   4. ../shared/vendor/unitree_legged_sdk-go1 next to the repository, when present
# A relative DIR is relative to the repository root. With an SDK, go1_unitree.cpp is compiled
# against DIR/include and the SDK's static library is linked in with g++; without one the Go1 shim
# has only its simulated backend, and this says so in one line. OUT_DIR/.sdk records the SDK used.
# No -march flags: the same sources build on x86-64 and aarch64 (Jetson).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="${1:?usage: build.sh OUT_DIR [UNITREE_SDK_DIR|none]}"
VENDOR="../shared/vendor/unitree_legged_sdk-go1"
REMEMBERED="$ROOT/.unitree-sdk"
SDK="${2:-}"
# Maven passes the property text through unresolved when -Dunitree.sdk was not given.
[[ "$SDK" == '${unitree.sdk}' ]] && SDK=""
FROM="-Dunitree.sdk"
if [[ -z "$SDK" && -n "${UNITREE_SDK:-}" ]]; then SDK="$UNITREE_SDK"; FROM="UNITREE_SDK"; fi
if [[ -z "$SDK" && -s "$REMEMBERED" ]]; then
  SDK="$(head -1 "$REMEMBERED")"; FROM="$REMEMBERED (the SDK last built with)"
  if [[ "$SDK" != none && ! -d "$( [[ "$SDK" = /* ]] && echo "$SDK" || echo "$ROOT/$SDK")" ]]; then
    echo "build.sh: the remembered Unitree SDK '$SDK' is gone; looking for the default" >&2
    SDK=""
  fi
fi
if [[ -z "$SDK" && -d "$ROOT/$VENDOR" ]]; then SDK="$VENDOR"; FROM="default"; fi
WHY="none given with -Dunitree.sdk or UNITREE_SDK, and $VENDOR is not there"
[[ "$SDK" == none ]] && { SDK=""; WHY="none chosen with $FROM"; }
SDKDIR=""
if [[ -n "$SDK" ]]; then
  if [[ "$SDK" = /* ]]; then SDKDIR="$SDK"; else SDKDIR="$ROOT/$SDK"; fi
fi
CC="${CC:-gcc}"
CXX="${CXX:-g++}"
mkdir -p "$OUT"
LIB="$OUT/libfeedbackrl_hw.so"
GUARDIAN="$OUT/fbrl_guardian"
STAMP="$OUT/.sdk"
CFLAGS=(-O2 -g -std=c11 -fPIC -Wall -Wextra -Werror -fvisibility=hidden -pthread)

# Skip when nothing changed (same SDK choice, no source newer than the library).
if [[ -f "$LIB" && -x "$GUARDIAN" && -f "$STAMP" && "$(cat "$STAMP")" == "$SDK" \
      && -z "$(find "$HERE" -maxdepth 1 -type f -newer "$LIB" | head -1)" ]]; then
  exit 0
fi

if [[ -n "$SDK" && ! -f "$SDKDIR/include/unitree_legged_sdk/udp.h" ]]; then
  echo "build.sh: $SDKDIR/include/unitree_legged_sdk/udp.h not found: the Unitree SDK from $FROM ('$SDK') must be a unitree_legged_sdk checkout (go1 branch); pass -Dunitree.sdk=DIR, or none" >&2
  exit 1
fi
OBJ="$OUT/obj"
mkdir -p "$OBJ"
"$CC" "${CFLAGS[@]}" "$HERE/fbrl_guardian.c" -o "$GUARDIAN.tmp"
if [[ -z "$SDK" ]]; then
  "$CC" "${CFLAGS[@]}" -c "$HERE/pca9685.c" -o "$OBJ/pca9685.o"
  "$CC" "${CFLAGS[@]}" -c "$HERE/go1.c" -o "$OBJ/go1.o"
  "$CC" "${CFLAGS[@]}" -c "$HERE/guardian_spawn.c" -o "$OBJ/guardian_spawn.o"
  "$CC" -shared -pthread -o "$LIB.tmp" "$OBJ/pca9685.o" "$OBJ/go1.o" "$OBJ/guardian_spawn.o" -ldl -lm
  NOTE="simulated Go1 backend only: no Unitree SDK ($WHY)"
else
  case "$(uname -m)" in aarch64|arm64) ARCH=arm64 ;; *) ARCH=amd64 ;; esac
  # SDK 3.8 ships lib/cpp/<arch>/libunitree_legged_sdk.a; older layouts lib/libunitree_legged_sdk_<arch>.a.
  SDKLIB=""
  for c in "$SDKDIR/lib/cpp/$ARCH/libunitree_legged_sdk.a" "$SDKDIR/lib/libunitree_legged_sdk_$ARCH.a" "$SDKDIR/lib/$ARCH/libunitree_legged_sdk.a"; do
    [[ -f "$c" ]] && { SDKLIB="$c"; break; }
  done
  [[ -n "$SDKLIB" ]] || { echo "build.sh: no libunitree_legged_sdk static library for $ARCH under $SDKDIR/lib" >&2; exit 1; }
  "$CC" "${CFLAGS[@]}" -DFBRL_WITH_UNITREE -c "$HERE/pca9685.c" -o "$OBJ/pca9685.o"
  "$CC" "${CFLAGS[@]}" -DFBRL_WITH_UNITREE -c "$HERE/go1.c" -o "$OBJ/go1.o"
  "$CC" "${CFLAGS[@]}" -DFBRL_WITH_UNITREE -c "$HERE/guardian_spawn.c" -o "$OBJ/guardian_spawn.o"
  "$CXX" -O2 -g -std=c++14 -fPIC -Wall -Wextra -Werror -fvisibility=hidden -pthread -I"$SDKDIR/include" -c "$HERE/go1_unitree.cpp" -o "$OBJ/go1_unitree.o"
  # --exclude-libs: the SDK's symbols stay in the library (nm shows them) but are not exported.
  "$CXX" -shared -pthread -Wl,--exclude-libs,ALL -o "$LIB.tmp" "$OBJ/pca9685.o" "$OBJ/go1.o" "$OBJ/guardian_spawn.o" \
    "$OBJ/go1_unitree.o" "$SDKLIB" -ldl -lpthread -lm
  NOTE="Go1 backends: simulated + Unitree SDK ($SDK, ${SDKLIB#"$SDKDIR/"}, from $FROM)"
fi
mv -f "$GUARDIAN.tmp" "$GUARDIAN"
mv -f "$LIB.tmp" "$LIB"
printf '%s' "$SDK" > "$STAMP"
# Remember the choice for later rebuilds (the launcher rebuilds after every source change).
if [[ -n "${2:-}" && "${2:-}" != '${unitree.sdk}' ]] || [[ -n "${UNITREE_SDK:-}" ]]; then
  printf '%s\n' "${SDK:-none}" > "$REMEMBERED"
fi
echo "build.sh: built $LIB: $NOTE"
