"""The one exception of the mastering package: a stable code the studio words in the page's
language, plus the numbers its message needs. Nothing here knows Django."""

from __future__ import annotations

# Every code a MasteringError may carry (the studio's message table must know each one).
CODES = (
    "not_audio",  # no known container, or the decoder refused it (reason says which)
    "too_large",  # more bytes than the upload limit, or more decoded samples than the budget
    "too_long",  # longer than the duration limit
    "too_short",  # shorter than one loudness measurement can use
    "too_many_channels",  # more than stereo
    "bad_sample_rate",  # a sample rate outside the range the studio accepts
    "silent",  # the track to master is silence (below the −70 LUFS gate throughout)
    "silent_reference",  # the reference is silence
    "bad_target",  # neither a reference nor a known target
)


class MasteringError(ValueError):
    """An input that cannot be mastered. ``code`` is one of :data:`CODES`; ``reason`` tells
    variants apart (``not_audio`` / ``damaged``); ``params`` hold sizes and limits; ``field`` is
    the input it concerns (``input`` or ``reference``) once the pipeline knows it."""

    def __init__(self, code: str, message: str, reason: str = "", **params):
        if code not in CODES:
            raise ValueError(f"unknown mastering error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        self.params = params
        self.field = ""
