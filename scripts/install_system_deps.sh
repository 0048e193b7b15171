#!/usr/bin/env bash
# Installs the Debian packages Kanade needs, only those that are missing.
#   install_system_deps.sh run    what the running app needs: FluidSynth renders studio audio
#   install_system_deps.sh test   that plus the browser tests' Chromium and Japanese fonts
#   install_system_deps.sh nsynth FluidSynth and the GM SoundFonts the NSynth training data is
#                                 rendered from (scripts/build_nsynth_data.py; tests need none)
# Not root (a student's laptop, say): print what is missing and what it costs, then carry on.
set -euo pipefail

profile="${1:-test}"
case "$profile" in
  run) wanted=(fluidsynth) ;;
  test) wanted=(fluidsynth chromium fonts-ipaexfont-gothic) ;;
  nsynth) wanted=(fluidsynth timgm6mb-soundfont fluid-soundfont-gm musescore-general-soundfont-small) ;;
  *) echo "usage: $0 [run|test|nsynth]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "NOTE: not installing ${missing[*]} (this needs root and apt-get)." >&2
  for pkg in "${missing[@]}"; do
    case "$pkg" in
      fluidsynth) echo "  - without fluidsynth, studio results come without audio (MIDI downloads still work)." >&2 ;;
      chromium) echo "  - without chromium, the browser tests skip (they fail under CI=true)." >&2 ;;
      fonts-ipaexfont-gothic) echo "  - without fonts-ipaexfont-gothic, Japanese text in screenshots shows as boxes." >&2 ;;
      timgm6mb-soundfont|fluid-soundfont-gm|musescore-general-soundfont-small)
        echo "  - without $pkg, the NSynth data is built from the other SoundFonts only." >&2 ;;
    esac
  done
  echo "  To install them: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
