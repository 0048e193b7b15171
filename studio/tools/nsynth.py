"""NSynth: two instruments blended by the timbre autoencoder (``inference.nsynth``), beside the
plain crossfade of the same two notes, and the blend played on a keyboard.

The instruments are a small catalogue of General MIDI programs rendered at run time from the
font pretty_midi ships (``inference.nsynth.pair``). A run returns four ``AudioOutput``s (blend,
A, B, crossfade: WAV to keep, OGG to play, a report with the spectrogram and the measured
spectral centroid); the blend's also carries the keyboard, every pitch of up to two octaves in
one OGG "sprite" (``previews["keys"]``, a note every ``KEY_SLOT_S``). With C and D chosen too,
the four sit at the corners of a 2-D pad (NSynth Super's): ``mix`` moves left to right and ``y``
bottom to top, and the outputs are the blend, A, B, C, D and the crossfade.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from inference.nsynth import gm

from .base import AudioOutput, Tool, ToolInputs, ToolResult
from .fields import ChoiceField, Label, NumberField

CHECKPOINT = "nsynth"
KEY_SLOT_S = 4.0  # each keyboard note's place in the sprite: the whole 4-s note
KEYS_EACH_SIDE = 12  # the keyboard spans an octave either side of the chosen pitch, in range
NOTE_NAMES = ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")


@dataclass(frozen=True)
class Instrument:
    key: str
    program: int  # General MIDI, 0-based
    label: Label

    @property
    def range(self) -> tuple[int, int]:
        _family, low, high = gm.GM_FAMILIES[self.program // 8]
        return low, high

    @property
    def held_out(self) -> bool:
        """A test instrument of the model's split: no font's version of it was heard in
        training, so its code is the encoder's guess at an unheard timbre."""
        return gm.split_of(self.program) == "test"


CATALOG = (
    Instrument("piano", 0, _("Piano")),
    Instrument("electric-piano", 4, _("Electric piano")),
    Instrument("vibraphone", 11, _("Vibraphone")),
    Instrument("church-organ", 19, _("Church organ")),
    Instrument("nylon-guitar", 24, _("Nylon guitar")),
    Instrument("finger-bass", 33, _("Bass (fingered)")),
    Instrument("violin", 40, _("Violin")),
    Instrument("cello", 42, _("Cello")),
    Instrument("strings", 48, _("String ensemble")),
    Instrument("trumpet", 56, _("Trumpet")),
    Instrument("alto-sax", 65, _("Alto sax")),
    Instrument("clarinet", 71, _("Clarinet")),
    Instrument("flute", 73, _("Flute")),
    Instrument("pan-flute", 75, _("Pan flute")),
    Instrument("square-lead", 80, _("Synth lead (square)")),
    Instrument("warm-pad", 89, _("Synth pad (warm)")),
)
INSTRUMENTS = {instrument.key: instrument for instrument in CATALOG}


def note_name(pitch: int) -> str:
    return f"{NOTE_NAMES[pitch % 12]}{pitch // 12 - 1}"


def _choice_label(instrument: Instrument) -> Label:
    if instrument.held_out:
        return format_lazy(_("{name} (test: never heard in training)"), name=instrument.label)
    return instrument.label


NONE = "none"  # C and D left out: a plain A-B blend


def _instrument_field(name: str, label: Label, default: str, help_text: Label) -> ChoiceField:
    choices = tuple((i.key, _choice_label(i)) for i in CATALOG)
    if default == NONE:
        choices = ((NONE, _("None (A and B only)")), *choices)
    return ChoiceField(name, label, help_text, choices, default)


INSTRUMENT_HELP = _(
    "A General MIDI instrument, played from the TimGM6mb SoundFont. Instruments marked “test” "
    "were held out: the model never heard them."
)
PAD_HELP = _(
    "For a 2-D pad like NSynth Super's: C and D are its top corners, A and B its bottom ones. "
    "Leave both at “None” to blend A and B only."
)
LOWEST = min(i.range[0] for i in CATALOG)
HIGHEST = max(i.range[1] for i in CATALOG)

# The default pair is the lesson's: with the committed weights its blend moves from the guitar's
# brightness to the violin's (piano and flute, the earlier default, now run the other way round).
FIELDS = (
    _instrument_field("a", _("Instrument A"), "nylon-guitar", INSTRUMENT_HELP),
    _instrument_field("b", _("Instrument B"), "violin", INSTRUMENT_HELP),
    NumberField(
        "mix",
        _("Mix (A → B)"),
        _(
            "0 is instrument A, 1 is instrument B; 0.5 is halfway between their codes. On the "
            "pad: left to right."
        ),
        0.0,
        1.0,
        0.5,
        step=0.05,
        integer=False,
    ),
    NumberField(
        "pitch",
        _("Pitch (MIDI note)"),
        _("60 is middle C (C4). It must lie in every chosen instrument's range."),
        LOWEST,
        HIGHEST,
        60,
    ),
    ChoiceField(
        "velocity",
        _("Velocity"),
        _("How hard the note is played: the three strengths the model was trained on."),
        (("75", _("Medium (75)")), ("100", _("Strong (100)")), ("127", _("Full (127)"))),
        "100",
    ),
    _instrument_field("c", _("Pad: instrument C"), NONE, PAD_HELP),
    _instrument_field("d", _("Pad: instrument D"), NONE, PAD_HELP),
    NumberField(
        "y",
        _("Pad: bottom → top"),
        _("Only with C and D: 0 is the A–B edge, 1 the C–D edge."),
        0.0,
        1.0,
        0.5,
        step=0.05,
        integer=False,
    ),
)


def chosen(params: dict) -> list[tuple[str, Instrument]]:
    """The corners in play: A and B, and C and D when both are chosen."""
    roles = ("a", "b", "c", "d") if params.get("c", NONE) != NONE else ("a", "b")
    return [(role, INSTRUMENTS[params[role]]) for role in roles]


def common_range(*instruments: Instrument) -> tuple[int, int]:
    return max(i.range[0] for i in instruments), min(i.range[1] for i in instruments)


def keyboard_pitches(pitch: int, low: int, high: int) -> list[int]:
    """Up to an octave either side of ``pitch``, slid to stay inside [low, high]."""
    span = 2 * KEYS_EACH_SIDE
    start = min(max(pitch - KEYS_EACH_SIDE, low), max(low, high - span))
    return list(range(start, min(start + span, high) + 1))


def _pitch_text(pitch: int) -> str:
    return f"{pitch} ({note_name(pitch)})"


class NsynthTool(Tool):
    def check(self, params: dict) -> list[tuple[str, str, dict]]:
        if not {"a", "b", "c", "d", "pitch"} <= params.keys():
            return []  # a setting it needs is already reported as wrong
        if (params["c"] == NONE) != (params["d"] == NONE):
            missing = "c" if params["c"] == NONE else "d"
            labels = {"c": self.field("c").label, "d": self.field("d").label}
            return [(missing, "pad_needs_both", labels)]
        instruments = [instrument for _role, instrument in chosen(params)]
        low, high = common_range(*instruments)
        if low > high:
            ranges = [
                format_lazy("{} ({}–{})", i.label, _pitch_text(i.range[0]), _pitch_text(i.range[1]))
                for i in instruments
            ]
            return [("b", "no_common_pitch", {"ranges": ranges})]
        if not low <= params["pitch"] <= high:
            words = {"label": self.field("pitch").label, "value": params["pitch"]}
            bounds = {"min": _pitch_text(low), "max": _pitch_text(high)}
            names = {"names": [i.label for i in instruments]}
            return [("pitch", "pitch_outside_instruments", {**words, **bounds, **names})]
        return []

    def page_data(self) -> dict:
        return {
            "instruments": [
                {"key": i.key, "program": i.program, "range": list(i.range), "test": i.held_out}
                for i in CATALOG
            ],
            "none": NONE,
        }

    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.mastering.output import encode_ogg, encode_wav
        from inference.nsynth.data import SAMPLE_RATE
        from inference.nsynth.pair import blend_pair

        corners = chosen(params)
        pitch, mix = int(params["pitch"]), float(params["mix"])
        pad = len(corners) == 4
        y = float(params["y"]) if pad else None
        low, high = common_range(*(instrument for _role, instrument in corners))
        if not low <= pitch <= high:  # validated at submission; a stored job is re-checked
            raise ValueError(f"pitch {pitch} is outside {low}-{high}")
        velocity = int(params["velocity"])
        keys = keyboard_pitches(pitch, low, high)
        programs = [instrument.program for _role, instrument in corners]
        result = blend_pair(programs, pitch, velocity, mix, keys, y)
        instrument_of = {role: instrument.key for role, instrument in corners}
        common = {
            "pitch": pitch,
            "note": note_name(pitch),
            "velocity": velocity,
            "mix": mix,
            "y": y,
            **{role: instrument_of.get(role) for role in ("a", "b", "c", "d")},
            "gain_db": result.gain_db,
            "blend_vs_crossfade_db": result.blend_vs_crossfade_db,
            "timings": result.timings,
        }
        where = f"mix{mix:g}" + (f"-y{y:g}" if pad else "")
        outputs = []
        for role in ("blend", *instrument_of, "crossfade"):
            sound = result.audio[role]
            if role in instrument_of:
                stem = f"{role}-{instrument_of[role]}-{pitch}"
            else:
                stem = f"{role}-{'-'.join(instrument_of.values())}-{pitch}-{where}"
            report = {"kind": "timbre", "role": role, "instrument": instrument_of.get(role),
                      "file_stem": stem, **common, **result.measured[role]}  # fmt: skip
            previews = {}
            if role == "blend":
                report["keyboard"] = {"pitches": result.keyboard_pitches, "slot_s": KEY_SLOT_S}
                previews["keys"] = encode_ogg(result.keyboard.reshape(-1, 1), SAMPLE_RATE)
            outputs.append(
                AudioOutput(
                    encode_wav(sound, SAMPLE_RATE, bits=16),
                    encode_ogg(sound.reshape(-1, 1), SAMPLE_RATE),
                    report,
                    previews,
                )
            )
        return ToolResult([], [], audio=outputs)

    def load(self, name: str) -> None:
        from inference.nsynth.pair import warm_up

        warm_up(name)


TOOL = NsynthTool(
    slug="nsynth",
    title=_("NSynth"),
    summary=_(
        "Pick two instruments and a mix: the timbre model blends their sounds as 16 numbers per "
        "frame, next to a plain crossfade of the same two notes. Then play the blend on a "
        "keyboard."
    ),
    model=_("timbre autoencoder trained here (16 numbers per frame, harmonic-plus-noise decoder)"),
    fields=FIELDS,
    output_kind="audio",
    models=(CHECKPOINT,),
    view="nsynth_view.js",
    howto=(
        _("Choose instrument A and instrument B, and a pitch both can play."),
        _("Set the mix: 0 is all A, 1 is all B."),
        _(
            "For a pad like NSynth Super's, also choose C and D, then touch or drag the point on "
            "the square."
        ),
        _("Press Generate. It takes a few seconds (longer the first time, while the model loads)."),
        _(
            "Listen to the blend, A, B and the crossfade, and compare their spectrograms and "
            "spectral centroids."
        ),
        _(
            "Play the blend on the keyboard: click or touch the keys, or use A W S E D F T G Y H U J K."
        ),
    ),
    about=(
        _(
            "NSynth (Neural Synthesizer, Google Magenta, 2017) is a WaveNet autoencoder. Its "
            "encoder listens to a four-second note and sums it up as 16 numbers for every 32 "
            "milliseconds; its decoder, another WaveNet, builds the sound again one sample at a "
            "time from those numbers and the pitch. Since the numbers describe the timbre, two "
            "instruments' numbers can be averaged and decoded into a sound that is neither. "
            "NSynth Super, a hardware instrument by Magenta and Google Creative Lab, puts four "
            "instruments at the corners of a touch pad: where your finger is sets how much of "
            "each goes into the mix."
        ),
        _(
            "This tool keeps NSynth's idea and its bottleneck (16 numbers per frame, here every "
            "16 milliseconds) but not its decoder. A WaveNet that makes 16,000 samples a second "
            "needs a GPU; here the decoder turns the numbers, the pitch and the loudness into "
            "the settings of a harmonic-plus-noise synthesizer (the DDSP approach, Engel et al. "
            "2020): 60 harmonics of the requested pitch plus filtered noise. The notes are "
            "therefore always in tune, a note decodes in a few tens of milliseconds on a CPU, but the "
            "model cannot make bell-like or noisy sounds beyond shaped noise, and adds no room "
            "sound."
        ),
        _(
            "It was trained in this project on about 10,700 single notes rendered from three "
            "free General MIDI SoundFonts, not on NSynth's recordings of 1,006 instruments. "
            "Instruments marked “test” were kept out of training, so what you hear for them "
            "shows how far the model generalises. Its model card "
            "(inference/checkpoints/nsynth/README.md) has the measurements: on held-out "
            "instruments it rebuilds notes more closely than the nearest trained instrument "
            "does, and in about seven blends out of eight the brightness (spectral centroid) "
            "moves steadily from A to B as the mix goes from 0 to 1."
        ),
        _(
            "The crossfade plays both real notes at once: its spectrum is simply the two spectra "
            "added, and you hear two instruments. The blend is one sound decoded from numbers "
            "between the two codes, so its harmonics can have a balance neither instrument has. "
            "Compare the spectrograms, and the spectral centroid: the average frequency of the "
            "sound's energy, higher for a brighter sound."
        ),
    ),
)
