"""Reading untrusted audio uploads within budgets that are checked before anything large is
allocated.

Order of the checks, cheapest first: the byte count; the container's magic bytes (WAV, RF64,
FLAC, Ogg, MP3), so random bytes never reach a decoder; then libsndfile's header reading
(``soundfile.info``: channels, sample rate, claimed frames), refused on its own numbers before
a single sample is decoded. Headers may lie (a WAV that claims more data than it holds, an MP3
whose length is an estimate), so the samples are then read in bounded blocks and counted: the
read stops as soon as the frame budget is passed, whatever the header said. Memory is therefore
bounded by ``max_seconds`` × rate × channels, never by what a file claims.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import soundfile

from .errors import MasteringError

MAX_BYTES = 64 * 1024 * 1024  # a 6-minute 16-bit stereo WAV; longer tracks come as FLAC/MP3/OGG
MAX_SECONDS = 600.0  # 10 minutes
MIN_SECONDS = 1.0  # shorter than this, loudness gating has too few blocks to mean anything
MAX_CHANNELS = 2
MIN_RATE, MAX_RATE = 8_000, 192_000
# Decoded values (frames × channels) kept at most: 10 minutes of 48 kHz stereo (230 MB float32).
MAX_VALUES = int(MAX_SECONDS * 48_000 * 2)
BLOCK_FRAMES = 1 << 16


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, shape (frames, channels), full scale ±1
    rate: int
    container: str  # WAV, FLAC, OGG or MP3, as libsndfile named it

    @property
    def seconds(self) -> float:
        return self.samples.shape[0] / self.rate

    @property
    def channels(self) -> int:
        return self.samples.shape[1]


def sniff(data: bytes) -> str:
    """The container the first bytes announce, or "" for anything else."""
    if data[:4] in (b"RIFF", b"RF64", b"BW64") and data[8:12] == b"WAVE":
        return "WAV"
    if data[:4] == b"fLaC":
        return "FLAC"
    if data[:4] == b"OggS":
        return "OGG"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "MP3"
    return ""


def too_large(size: int, limit: int = MAX_BYTES) -> MasteringError:
    """The refusal of a file over the byte limit (also raised from a declared size, unread)."""
    return MasteringError(
        "too_large", f"The audio file is {size:,} bytes; the limit is {limit:,}.", size=size,
        limit=limit,
    )  # fmt: skip


def check_header(frames: int, rate: int, channels: int, max_seconds: float) -> None:
    """Refuse on a header's numbers alone (before decoding)."""
    if channels < 1 or channels > MAX_CHANNELS:
        raise MasteringError(
            "too_many_channels", f"The audio has {channels} channels; mono or stereo only.",
            channels=channels, limit=MAX_CHANNELS,
        )  # fmt: skip
    if not MIN_RATE <= rate <= MAX_RATE:
        raise MasteringError(
            "bad_sample_rate", f"The sample rate {rate:,} Hz is outside {MIN_RATE}–{MAX_RATE}.",
            rate=rate, low=MIN_RATE, high=MAX_RATE,
        )  # fmt: skip
    if frames > max_seconds * rate:
        raise too_long(frames / rate, max_seconds)
    if frames * channels > MAX_VALUES:
        raise MasteringError(
            "too_large", "The decoded audio would exceed the memory budget.", "decoded",
            values=frames * channels, limit=MAX_VALUES,
        )  # fmt: skip


def too_long(seconds: float, limit: float) -> MasteringError:
    return MasteringError(
        "too_long", f"The audio lasts at least {seconds:.0f} s; the limit is {limit:.0f} s.",
        seconds=round(seconds, 1), limit=limit,
    )  # fmt: skip


def read_audio(data: bytes, max_bytes: int = MAX_BYTES, max_seconds: float = MAX_SECONDS) -> Audio:
    """Decode ``data`` (WAV, FLAC, OGG Vorbis/Opus, MP3) to float32 frames within the budgets;
    raises :class:`MasteringError` (not_audio, too_large, too_long, too_short, …)."""
    size = len(data)
    if size > max_bytes:
        raise too_large(size, max_bytes)
    container = sniff(data)
    if not size or not container:
        raise MasteringError("not_audio", "This is not a WAV, FLAC, OGG or MP3 file.")
    try:
        with soundfile.SoundFile(io.BytesIO(data)) as handle:
            rate, channels = handle.samplerate, handle.channels
            check_header(handle.frames, rate, channels, max_seconds)
            samples = _read_blocks(handle, min(handle.frames, int(max_seconds * rate)), max_seconds)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as error:
        raise MasteringError(
            "not_audio", f"The {container} file could not be decoded.", "damaged"
        ) from error
    if samples.shape[0] < MIN_SECONDS * rate:
        raise MasteringError(
            "too_short", f"The audio lasts {samples.shape[0] / rate:.2f} s; at least 1 s is needed.",
            seconds=round(samples.shape[0] / rate, 2), limit=MIN_SECONDS,
        )  # fmt: skip
    if not np.isfinite(samples).all():
        raise MasteringError("not_audio", "The audio holds invalid sample values.", "damaged")
    return Audio(samples, rate, container)


def _read_blocks(handle: soundfile.SoundFile, claimed: int, max_seconds: float) -> np.ndarray:
    """Read block by block into an array sized by the (already checked) claim; frames beyond
    the claim (an estimated length) are kept only while the duration budget allows."""
    rate, channels = handle.samplerate, handle.channels
    budget = int(max_seconds * rate)
    out = np.empty((claimed, channels), np.float32)
    filled, extra = 0, []
    while True:
        block = handle.read(BLOCK_FRAMES, dtype="float32", always_2d=True)
        count = block.shape[0]
        if not count:
            break
        if filled + count > budget:
            raise too_long((filled + count) / rate, max_seconds)
        room = max(0, min(count, claimed - filled))
        out[filled : filled + room] = block[:room]
        if room < count:
            extra.append(block[room:])
        filled += count
    if extra:
        return np.concatenate([out, *extra])
    return out[:filled]
