"""The corpora the models learn from, as their cards describe them: licence, credit, split rule.

Loading them is :mod:`.datasets` (sequences) and :mod:`.windows` (4-bar windows); the folders are
given to the trainers with ``--data`` (the checkout's ``../shared/data/<folder>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nsynth.gm import SPLIT_RULE as NSYNTH_SPLIT_RULE


@dataclass(frozen=True)
class Corpus:
    folder: str  # the data folder ``--data`` names
    licence: str
    credit: str
    split_rule: str

    def licence_card(self) -> dict[str, str]:
        return {"data": self.licence, "credit": self.credit}


MELODIES = Corpus(
    folder="melodies",
    licence="public domain",
    credit=(
        "Public-domain tune books (O'Neill's Music of Ireland 1850, Aird's Airs 1778, Ryan's "
        "Mammoth Collection 1883) and the soprano lines of J. S. Bach's chorales, as bundled in "
        "the corpus of the music21 package (music21 10.5.1, BSD-3-Clause)."
    ),
    split_rule=(
        "Fixed split by CRC-32 of the normalized title (untitled tunes: source file): "
        "crc % 10 == 0 -> test, == 1 -> validation, else train. Tunes stay whole; tunes sharing a "
        "title share a split."
    ),
)

GROOVE = Corpus(
    folder="groove",
    licence="CC BY 4.0",
    credit=(
        "Groove MIDI Dataset v1.0.0 by Jon Gillick, Adam Roberts, Jesse Engel, Douglas Eck and "
        'David Bamman, "Learning to Groove with Inverse Sequence Transformations", ICML 2019; '
        "Magenta / Google. Licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    ),
    split_rule=(
        "The Groove MIDI Dataset's own train/validation/test split (info.csv), 4/4 files only."
    ),
)

MINI_NSYNTH = Corpus(
    folder="nsynth",
    licence="GPL-2 (TimGM6mb), MIT (Fluid R3 GM), MIT with public-domain and CC0 parts "
    "(MuseScore General Lite)",
    credit=(
        "Single notes rendered here with FluidSynth (scripts/build_nsynth_data.py) from "
        "Debian's General MIDI SoundFonts: TimGM6mb by Tim Brechbill and David Bolton "
        "(timgm6mb-soundfont), Fluid (R3) GM by Frank Wen and contributors "
        "(fluid-soundfont-gm), MuseScore_General Lite by S. Christian Collins, itself largely "
        "Fluid (R3) Mono by Michael Cowgill (musescore-general-soundfont-small). The format "
        "follows NSynth (Engel et al. 2017), whose own data is not used."
    ),
    split_rule=NSYNTH_SPLIT_RULE,
)
