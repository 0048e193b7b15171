#!/usr/bin/env bash
# Installs what the browser and audio tests need from Debian's packages, only when missing.
# Not root (a student's laptop, say): print what is missing and carry on; those tests skip with a reason.
set -euo pipefail

wanted=(chromium fonts-ipaexfont-gothic fluidsynth)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Not installing (need root and apt-get): ${missing[*]}. Tests that need them will skip." >&2
  exit 0
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
