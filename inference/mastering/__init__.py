"""AI-assisted mastering for the classroom: match a reference track's loudness, tone and width,
or a named loudness target, under a true-peak ceiling (plain Python: numpy, scipy, pyloudnorm,
soundfile; never Django).

Modules, one step each: :mod:`.reading` (untrusted uploads within budgets), :mod:`.loudness`
(BS.1770-4 loudness, loudness range, true peak), :mod:`.spectrum` (long-term and third-octave
spectra), :mod:`.matching` (linear-phase EQ on mid and side, width), :mod:`.limiter`
(oversampled true-peak limiter), :mod:`.output` (24-bit WAV, OGG preview) and
:mod:`.pipeline` (the chain and its report). Refusals are :class:`MasteringError` codes.
"""

from .errors import CODES, MasteringError
from .pipeline import TARGETS, Mastered, master, master_audio
from .reading import MAX_BYTES, MAX_SECONDS, read_audio

__all__ = [
    "CODES",
    "MAX_BYTES",
    "MAX_SECONDS",
    "TARGETS",
    "Mastered",
    "MasteringError",
    "master",
    "master_audio",
    "read_audio",
]
