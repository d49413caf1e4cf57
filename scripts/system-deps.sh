#!/usr/bin/env bash
# Install the Debian packages reportgen needs beside Python, when they are missing.
#
#   scripts/system-deps.sh          what building reports needs (WeasyPrint's libraries)
#   scripts/system-deps.sh --test   plus what the browser tests need (Chromium)
#
# Runs apt-get only when something is missing and we are root (as on CI and the
# developers' machines); otherwise it says what to install and carries on, because
# reports still build (a missing font-subsetting library only makes PDFs larger).
set -u
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installerar systempaket: ${missing[*]}" >&2
  apt-get update -qq >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "Varning: kunde inte installera ${missing[*]}" >&2
else
  echo "Obs: installera gärna ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
fi
exit 0
