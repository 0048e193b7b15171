"""Magenta's ``melody_rnn_generate`` command, on this project's own attention_rnn checkpoint.

    python -m inference.melody_rnn_generate --config=attention_rnn --num_outputs=5 \\
        --num_steps=128 --primer_melody="[60]" --output_dir=outputs/attention

Writes ``num_outputs`` MIDI files and prints their paths. ``--num_steps`` counts the primer (as in
Magenta); the primer opens every output. ``--scale`` (with ``--key``, or ``--key=primer`` for the
primer's own key) keeps every generated note in a scale, as the studio's Key and Scale do; this
is not a Magenta flag. Bad flags print the usage and exit with status 2; an
unusable primer MIDI prints the reason and exits with status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .music import PrimerError, parse_primer_melody
from .music.midi_io import MidiError, write_midi
from .music.scales import KEY_NAMES, OFF, PRIMER_KEY, SCALE_NAMES
from .rnn.generate import CHECKPOINT_FOR_KIND, GenerationError, melody_rnn_generate
from .shared.checkpoints import checkpoint_dir

CONFIGS = ("attention_rnn",)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _temperature(text: str) -> float:
    value = float(text)
    if not 0 < value <= 10:
        raise argparse.ArgumentTypeError(f"must be > 0 and <= 10, got {text}")
    return value


def _primer(text: str) -> list[int]:
    try:
        return parse_primer_melody(text)
    except PrimerError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m inference.melody_rnn_generate",
        description="Generate melodies with the project's Melody RNN (attention_rnn).",
    )
    parser.add_argument("--config", default="attention_rnn", choices=CONFIGS)
    parser.add_argument(
        "--bundle_file",
        help="checkpoint directory (model.weights.h5 + config.json); Magenta .mag bundles "
        "cannot be loaded. Default: inference/checkpoints/melody_rnn",
    )
    parser.add_argument("--output_dir", default="outputs/melody_rnn", help="where MIDI files go")
    parser.add_argument("--num_outputs", type=_positive_int, default=10)
    parser.add_argument(
        "--num_steps", type=_positive_int, default=128, help="total 16th steps, primer included"
    )
    parser.add_argument(
        "--primer_melody",
        type=_primer,
        help='Magenta syntax, e.g. "[60, -2, 60, -2, 67, -2]" (-2 no event, -1 note off)',
    )
    parser.add_argument("--primer_midi", help="a MIDI file whose melody starts every output")
    parser.add_argument("--temperature", type=_temperature, default=1.0)
    parser.add_argument("--qpm", type=float, help="tempo (default: the primer MIDI's, else 120)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument(
        "--scale", default=OFF, choices=SCALE_NAMES, help="keep new notes in this scale"
    )
    parser.add_argument(
        "--key",
        default="C",
        choices=(*KEY_NAMES, PRIMER_KEY),
        help="the scale's key (primer: the key found in the primer)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.primer_melody is not None and args.primer_midi is not None:
        parser.error("give --primer_melody or --primer_midi, not both")
    default = checkpoint_dir(CHECKPOINT_FOR_KIND["melody"])
    checkpoint = Path(args.bundle_file) if args.bundle_file else default
    if not checkpoint.is_dir():
        parser.error(f"--bundle_file must be a checkpoint directory; {checkpoint} is not one")
    if args.qpm is not None and not 20 <= args.qpm <= 400:
        parser.error(f"--qpm must be 20..400, got {args.qpm:g}")
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    try:
        result = melody_rnn_generate(
            primer_melody=args.primer_melody,
            primer_midi=args.primer_midi,
            num_outputs=args.num_outputs,
            num_steps=args.num_steps,
            temperature=args.temperature,
            qpm=args.qpm,
            seed=seed,
            checkpoint=checkpoint,
            key=args.key,
            scale=args.scale,
        )
    except (MidiError, PrimerError, GenerationError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    width = len(str(args.num_outputs))
    out_dir = Path(args.output_dir)
    for index, clip in enumerate(result.clips, start=1):
        path = write_midi(clip, out_dir / f"{stamp}_{index:0{width}d}.mid")
        print(path)
    print(
        f"Wrote {len(result.clips)} melodies of {args.num_steps} steps to {out_dir} (seed {seed}).",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
