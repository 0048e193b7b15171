"""Reading audio uploads: every accepted container round-trips, and hostile files (lying
headers, absurd lengths, not audio at all) are refused from cheap checks, before the samples
they claim are allocated."""

from __future__ import annotations

import struct
import time
import tracemalloc

import numpy as np
import pytest

from inference.mastering import MasteringError, read_audio
from inference.mastering.pipeline import resample, working_rate
from tests.mastering_fixtures import encode, music

CLIP = music(2, seed=5)


def wav16(samples=CLIP, rate=44_100) -> bytearray:
    return bytearray(encode(samples, rate, "WAV", "PCM_16"))


@pytest.mark.parametrize(
    "container,subtype,tolerance",
    [("WAV", "PCM_16", 1e-4), ("WAV", "PCM_24", 1e-6), ("WAV", "FLOAT", 0), ("FLAC", None, 1e-4),
     ("OGG", "VORBIS", None), ("MP3", "MPEG_LAYER_III", None)],
)  # fmt: skip
def test_each_container_reads_back(container, subtype, tolerance):
    audio = read_audio(encode(CLIP, 44_100, container, subtype))
    assert audio.rate == 44_100 and audio.channels == 2 and audio.container == container
    assert audio.samples.dtype == np.float32
    if tolerance is not None:
        assert np.abs(audio.samples - CLIP).max() <= tolerance + 1e-7
    else:  # lossy: the length may grow by codec padding, the level must stay
        assert abs(audio.seconds - 2) < 0.1
        assert np.sqrt(np.mean(audio.samples**2)) == pytest.approx(np.sqrt(np.mean(CLIP**2)), 0.1)


def test_mono_and_other_rates_are_read_and_resampled():
    mono = music(2, seed=6, rate=22_050)[:, :1]
    audio = read_audio(encode(mono, 22_050))
    assert audio.channels == 1 and audio.rate == 22_050
    assert working_rate(22_050) == 44_100 and working_rate(32_000) == 48_000
    up = resample(audio.samples, 22_050, 44_100)
    assert up.shape == (88_200, 1)
    t = np.arange(32_000) / 32_000
    tone = np.sin(2 * np.pi * 1000 * t)[:, None].astype(np.float32)
    moved = resample(tone, 32_000, 48_000)[2000:-2000, 0]
    expected = np.sin(2 * np.pi * 1000 * (np.arange(48_000) / 48_000))[2000:-2000]
    assert np.abs(moved - expected).max() < 2e-3  # scipy's passband ripple, ~0.01 dB


def refused(data: bytes, **limits) -> MasteringError:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(MasteringError) as caught:
            read_audio(bytes(data), **limits)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"refusing took {elapsed:.2f} s"
    assert peak < 16 * 1024 * 1024 + 2 * len(data), f"refusing allocated {peak:,} bytes"
    return caught.value


def with_header(offset: int, fmt: str, value: int) -> bytearray:
    data = wav16()
    data[offset : offset + struct.calcsize(fmt)] = struct.pack(fmt, value)
    return data


def lying_length(seconds: float, rate: int = 44_100) -> bytearray:
    """A 2-second WAV whose header claims ``seconds`` of data."""
    data = with_header(24, "<I", rate)
    frames = int(seconds * rate)
    data[40:44] = struct.pack("<I", min(frames * 4, 0xFFFFFFFF))
    data[4:8] = struct.pack("<I", min(frames * 4 + 36, 0xFFFFFFFF))
    return data


def flac_claiming(seconds: float, rate: int = 44_100, channels: int = 2) -> bytes:
    """A 2-second FLAC whose STREAMINFO claims ``seconds`` at ``rate`` (libsndfile trusts it)."""
    data = bytearray(encode(CLIP, 44_100, "FLAC"))
    assert data[:4] == b"fLaC" and data[4] & 0x7F == 0  # STREAMINFO comes first
    # Bytes 18–25: sample rate (20 bits), channels − 1 (3), bits − 1 (5), total samples (36).
    packed = int.from_bytes(data[18:26], "big")
    bits = (packed >> 36) & 0x1F
    total = int(seconds * rate)
    packed = rate << 44 | (channels - 1) << 41 | bits << 36 | total
    data[18:26] = packed.to_bytes(8, "big")
    return bytes(data)


HOSTILE = {
    "empty": (b"", "not_audio"),
    "random bytes": (np.random.default_rng(0).bytes(100_000), "not_audio"),
    "a MIDI file": (b"MThd\x00\x00\x00\x06\x00\x00\x00\x01\x01\xe0" + b"\x00" * 100, "not_audio"),
    "RIFF with nothing after": (b"RIFF\x00\x00\x00\x00WAVE", "not_audio"),
    "WAVE header cut short": (bytes(wav16()[:30]), "not_audio"),
    "1000 channels": (with_header(22, "<H", 1000), "too_many_channels"),
    "sample rate 1 Hz": (with_header(24, "<I", 1), "bad_sample_rate"),
    "sample rate 4 GHz": (with_header(24, "<I", 0xFFFFFFF0), "not_audio"),
    "data chunk claims 4 GB": (with_header(40, "<I", 0xFFFFFF00), ""),
    "WAV claiming 11 minutes": (lying_length(660), ""),
    "FLAC claiming 8 channels": (flac_claiming(2, channels=8), "too_many_channels"),
    "FLAC claiming 2^36 samples": (flac_claiming((1 << 36) / 44_100 - 1), "too_long"),
    "header claims 0.5 s": (lying_length(0.5), "too_short"),
    "only the header": (bytes(wav16()[:44]), "too_short"),
    "FLAC header of a 2 s file, cut to 200 bytes": (encode(CLIP, 44_100, "FLAC")[:200], ""),
    "Ogg page header only": (encode(CLIP, 44_100, "OGG", "VORBIS")[:58], "not_audio"),
    "ID3 tag and nothing else": (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 500, "not_audio"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_refused_cheaply(name):
    data, code = HOSTILE[name]
    if not code:  # a damaged file that still decodes (what the data holds) must stay in budget
        tracemalloc.start()
        try:
            audio = read_audio(bytes(data))
            assert audio.seconds <= 2.1
        except MasteringError as error:
            assert error.code in ("not_audio", "too_short")
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert peak < 16 * 1024 * 1024
        return
    assert refused(data).code == code


def test_limits_are_checked_from_the_header_before_decoding():
    # libsndfile cuts a WAV's claimed data to the file's size; a FLAC's claim it believes.
    error = refused(flac_claiming(660), max_seconds=600)
    assert error.code == "too_long" and error.params["limit"] == 600
    error = refused(wav16(), max_seconds=1.5)
    assert error.code == "too_long"
    error = refused(wav16(), max_bytes=1000)
    assert error.code == "too_large" and error.params["size"] == len(wav16())


def test_decoded_size_budget_refuses_long_high_rate_claims():
    error = refused(flac_claiming(500, rate=192_000))
    assert error.code == "too_large" and error.reason == "decoded"


def test_reading_stops_at_the_budget_whatever_the_header_said():
    # A raw-PCM-in-WAV whose header says 2 s is read as 2 s; the budget is counted while reading.
    ten = encode(music(10, seed=7), 44_100, "FLAC")
    error = refused(ten, max_seconds=9.0)
    assert error.code == "too_long"


def test_non_finite_samples_are_refused():
    bad = CLIP.copy()
    bad[100, 0] = np.nan
    error = refused(encode(bad, 44_100, "WAV", "FLOAT"))
    assert error.code == "not_audio" and error.reason == "damaged"
