"""Example audio tracks for the audio tools (Master), rendered by the project itself from its
example clips, so the page and its embed work without an upload.

The band is the chords, bass line and rock beat of ``examples.py`` rendered with FluidSynth
(``audio.render_ogg``) and summed: 4 bars at 120 qpm, 8 seconds. Two versions of it:

- ``band-demo``: a dull, quiet demo mix (a first-order low-pass at 1.5 kHz, −6 dB), the kind of
  bounce a student brings to mastering;
- ``band-bright``: the same band brightened (a first-order high-pass at 2 kHz added back at
  +6 dB) and mastered by ``inference.mastering`` itself toward its "loud" target: a reference.
  (The drums' peaks stop the limiter short of −9 LUFS: the API test prints what it reached.)

Rendered on first use and kept per process (about a second of FluidSynth). Without FluidSynth
``example_track`` raises ``ExampleUnavailable``; the form words it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from .examples import example_midi
from .tools.fields import Label, in_language

BAND = ("chords", "bass-line", "rock-beat")


class ExampleUnavailable(Exception):
    """The example tracks cannot be rendered on this server (FluidSynth or its SoundFont)."""


@dataclass(frozen=True)
class ExampleTrack:
    slug: str
    title: Label

    def as_json(self, lang: str) -> dict:
        return {"slug": self.slug, "title": in_language(self.title, lang), "kind": "audio"}


EXAMPLE_TRACKS = {
    track.slug: track
    for track in (
        ExampleTrack("band-demo", _("The band: a dull, quiet demo mix")),
        ExampleTrack("band-bright", _("The band: bright and loud (a reference)")),
    )
}


def example_tracks_json(lang: str) -> list[dict]:
    return [track.as_json(lang) for track in EXAMPLE_TRACKS.values()]


@cache
def _band():
    import numpy as np

    from inference.mastering import read_audio

    from . import audio

    try:
        parts = [read_audio(audio.render_ogg(example_midi(slug))) for slug in BAND]
    except audio.AudioError as error:
        raise ExampleUnavailable(str(error)) from error
    frames = max(part.samples.shape[0] for part in parts)
    mix = np.zeros((frames, 2), np.float32)
    for part in parts:  # FluidSynth renders mono previews: each part to both sides
        mix[: part.samples.shape[0]] += part.samples
    return mix, parts[0].rate


@cache
def example_track(slug: str) -> bytes:
    """The example track as WAV bytes (KeyError for an unknown slug)."""
    import numpy as np
    import soundfile
    from scipy import signal

    from inference.mastering import master_audio

    track = EXAMPLE_TRACKS[slug]
    mix, rate = _band()
    if track.slug == "band-demo":
        low_pass = signal.butter(1, 1500, "lowpass", fs=rate, output="sos")
        samples, out_rate = signal.sosfilt(low_pass, mix, axis=0) * 10 ** (-6 / 20), rate
    else:
        high_pass = signal.butter(1, 2000, "highpass", fs=rate, output="sos")
        bright = mix + signal.sosfilt(high_pass, mix, axis=0) * (10 ** (6 / 20) - 1)
        mastered = master_audio(bright.astype(np.float32), rate, target="loud")
        samples, out_rate = mastered.samples, mastered.rate
    buffer = io.BytesIO()
    soundfile.write(buffer, samples.astype("float32"), out_rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()
