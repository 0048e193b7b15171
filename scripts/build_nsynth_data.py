"""Build the mini-NSynth from Debian's GM SoundFonts into ``--out`` (default var/nsynth).

    python scripts/build_nsynth_data.py --out var/nsynth
    python scripts/build_nsynth_data.py --out var/nsynth-quick --limit 6   # a quick look

Needs FluidSynth and the fonts (``bash scripts/install_system_deps.sh nsynth``); a font that is
not installed is left out with a note. Resumable: instruments already on disk are kept, and
re-running writes only the missing ones and the metadata. See inference/nsynth/data.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inference.nsynth import data, gm  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="var/nsynth", help="data folder to write")
    parser.add_argument(
        "--fonts",
        default=",".join(f.key for f in data.DEBIAN_FONTS),
        help="comma-separated font keys: " + ", ".join(f.key for f in data.DEBIAN_FONTS),
    )
    parser.add_argument("--programs", help="comma-separated GM programs (default: all melodic)")
    parser.add_argument("--velocities", default=",".join(map(str, gm.VELOCITIES)))
    parser.add_argument("--pitch-step", type=int, default=gm.PITCH_STEP)
    parser.add_argument("--limit", type=int, help="render at most N instruments (quick runs)")
    args = parser.parse_args(argv)

    by_key = {f.key: f for f in data.DEBIAN_FONTS}
    fonts = []
    for key in args.fonts.split(","):
        if key not in by_key:
            parser.error(f"unknown font {key!r}")
        if not by_key[key].path.is_file():
            print(f"NOTE: {by_key[key].path} is not installed; {key} left out", file=sys.stderr)
            continue
        fonts.append(by_key[key])
    if not fonts:
        parser.error("no font installed: bash scripts/install_system_deps.sh nsynth")
    programs = [int(p) for p in args.programs.split(",")] if args.programs else None
    velocities = tuple(int(v) for v in args.velocities.split(","))
    metadata = data.build(
        Path(args.out), fonts, programs, velocities, args.pitch_step, limit=args.limit
    )
    print(json.dumps({k: metadata[k] for k in ("counts", "dropped_notes", "bytes", "this_run")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
