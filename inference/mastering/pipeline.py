"""The mastering chain, step by step, and its report.

``master_audio`` works on arrays (the tests and the bench call it); ``master`` reads untrusted
uploads first (:mod:`.reading`) and encodes the result (:mod:`.output`). With a reference the
chain is: resample the reference to the input's working rate → match tone (mid and side) and
width → gain to the reference's integrated loudness → true-peak limiter. With a target, only
the gain and the limiter: Ozone's assistant picks a genre curve by a classifier, which this
tool does not pretend to have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import signal

from .errors import MasteringError
from .limiter import BLOCK, CEILING_DB, block_peaks, limit, per_block, reduction_blocks
from .loudness import (
    Loudness,
    json_db,
    k_weighted_power,
    loudness_from_power,
    loudness_of_power,
    measure_loudness,
    oversampling_for,
    peak_envelope,
    true_peak,
)
from .matching import match_reference, side_to_mid_db
from .output import encode_ogg, encode_wav
from .reading import read_audio
from .spectrum import third_octave_spectrum

TARGETS = {"streaming": -14.0, "loud": -9.0, "broadcast": -23.0}  # LUFS
TOLERANCE_LU = 0.1  # the gain loop stops this close to the target
MAX_PASSES = 5
MAX_LIMITING_DB = 20.0  # gain beyond what the target needs unlimited: more only squares waves off
MIN_SLOPE = 0.1  # LU of loudness per dB of gain below which more gain is not worth it
REPORT_HOP_S = 0.1  # gain reduction reported every 100 ms (its maximum over each step)


@dataclass(frozen=True)
class Mastered:
    samples: np.ndarray  # float32 (frames, channels)
    rate: int
    report: dict


def working_rate(rate: int) -> int:
    """44.1 kHz for the 11.025 kHz family, 48 kHz for everything else."""
    return 44_100 if rate % 11_025 == 0 else 48_000


def resample(samples: np.ndarray, rate: int, to: int) -> np.ndarray:
    """Polyphase resampling (scipy's Kaiser-windowed anti-aliasing filter)."""
    if rate == to:
        return np.asarray(samples, np.float32)
    common = math.gcd(rate, to)
    out = signal.resample_poly(
        np.asarray(samples, np.float32), to // common, rate // common, axis=0
    )
    return out.astype(np.float32)


def target_loudness(target: str | None, reference_lufs: float | None) -> float:
    if reference_lufs is not None:
        return reference_lufs
    if target not in TARGETS:
        raise MasteringError("bad_target", f"Unknown loudness target {target!r}.", target=target)
    return TARGETS[target]


def gain_loop(processed: np.ndarray, rate: int, goal: float, power=None, envelope=None):
    """Gain, limit, measure; correct the gain until the limited output reads ``goal`` LUFS.

    Limiting lowers loudness less than it lowers peaks, so the reading grows more slowly than
    the gain: the search follows the secant of its last two tries. Each try is estimated
    cheaply (the K-weighted power of the processed signal times the limiter's gain squared,
    which the slow gain changes of a limiter leave nearly exact); only the chosen gain is
    limited and measured for real, and any estimate error found there is corrected for.
    ``power`` (K-weighted, per frame) and ``envelope`` are the processed signal's, when the
    caller has them. Returns (limited, gain in dB, the output's :class:`Loudness`)."""
    if envelope is None:
        envelope = peak_envelope(processed, oversampling_for(rate))
    if power is None:
        power = k_weighted_power(processed, rate)
    gain_db, bias = goal - loudness_of_power(power, rate), 0.0
    ceiling = gain_db + MAX_LIMITING_DB
    # Mean power per block: loudness read at the block rate stays in LUFS.
    power, peaks = per_block(power, np.mean, np.float64), block_peaks(envelope)
    best = None
    for _ in range(MAX_PASSES):
        gain_db = search_gain(power, peaks, rate, goal - bias, gain_db, ceiling)
        if best is not None and abs(gain_db - best[1]) < 1e-6:
            break  # the search came back to a gain already measured
        scale = 10 ** (gain_db / 20)
        limited = limit(processed * np.float32(scale), rate, envelope=envelope * scale)
        reached = measure_loudness(limited.samples, rate)
        if best is None or abs(reached.integrated - goal) < abs(best[2].integrated - goal):
            best = (limited, gain_db, reached)
        if abs(reached.integrated - goal) <= TOLERANCE_LU or not math.isfinite(reached.integrated):
            break
        if abs(reached.integrated - goal) >= abs(best[2].integrated - goal) and bias:
            break  # correcting the estimate no longer helps: the limiter is at its limit
        bias += reached.integrated - goal
    return best


def estimated_loudness(power: np.ndarray, peaks: np.ndarray, rate: int, gain_db: float):
    """``power`` and ``peaks`` per limiter block (:data:`limiter.BLOCK` frames)."""
    scale = 10 ** (gain_db / 20)
    reduction = reduction_blocks(peaks * np.float32(scale), rate)
    weights = scale**2 if reduction is None else scale**2 * 10 ** (-reduction / 10)
    return loudness_of_power(power * weights, rate / BLOCK)


def search_gain(power, peaks, rate: int, goal: float, gain_db: float, ceiling: float) -> float:
    """The gain whose estimated limited loudness reads ``goal`` (secant steps, from ``gain_db``,
    never above ``ceiling``). When 10 dB more gain would add less than 1 LU, the limiter is
    only squaring the waveform off: the search stops at the smaller of its last two gains."""
    tried: list[tuple[float, float]] = []
    for _ in range(2 * MAX_PASSES):
        reached = estimated_loudness(power, peaks, rate, gain_db)
        if abs(reached - goal) <= TOLERANCE_LU / 4 or not math.isfinite(reached):
            break
        slope = 1.0
        if tried and tried[-1][0] != gain_db:
            slope = (reached - tried[-1][1]) / (gain_db - tried[-1][0])
            if slope < MIN_SLOPE:
                return min(gain_db, tried[-1][0])
            slope = min(1.0, slope)
        tried.append((gain_db, reached))
        step = (goal - reached) / slope
        if gain_db >= ceiling and step > 0:
            break
        gain_db = min(ceiling, gain_db + step)
    return gain_db


def describe(
    samples: np.ndarray, rate: int, peak_db: float | None = None, loudness: Loudness | None = None
) -> dict:
    """One column of the report; ``peak_db`` and ``loudness`` when already measured."""
    loudness = loudness or measure_loudness(samples, rate)
    return {
        "integrated_lufs": json_db(loudness.integrated),
        "loudness_range_lu": json_db(loudness.range),
        "true_peak_dbtp": json_db(true_peak(samples, rate) if peak_db is None else peak_db),
        "side_to_mid_db": json_db(side_to_mid_db(samples)),
    }


def peak_db_of(envelope: np.ndarray) -> float:
    peak = float(np.max(envelope, initial=0.0))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def gain_reduction_curve(reduction_db: np.ndarray, rate: int) -> list[float]:
    hop = max(1, int(REPORT_HOP_S * rate))
    usable = reduction_db[: reduction_db.shape[0] // hop * hop].reshape(-1, hop).max(axis=1)
    return [round(float(value), 2) for value in usable]


def master_audio(
    samples: np.ndarray,
    rate: int,
    reference: np.ndarray | None = None,
    reference_rate: int | None = None,
    target: str | None = None,
) -> Mastered:
    """Master float samples (frames, channels) to a reference or a named loudness target."""
    if reference is None and target not in TARGETS:
        target_loudness(target, None)  # raises bad_target
    work = working_rate(rate)
    samples = resample(samples, rate, work)
    input_power = k_weighted_power(samples, work)
    before = loudness_from_power(input_power, work)
    if not math.isfinite(before.integrated):
        raise MasteringError("silent", "The track is silence: there is nothing to master.")
    report: dict = {"sample_rate": work, "target": target, "ceiling_dbtp": CEILING_DB}
    notices: list[str] = []
    # Each signal is measured once; the gain loop and the report share the measurements.
    processed, curves, reference_loudness = samples, None, None
    if reference is None:  # the limiter works on the input itself: its envelope gives the peak
        processed_power = input_power
        processed_envelope = peak_envelope(samples, oversampling_for(work))
        input_peak = peak_db_of(processed_envelope)
    else:
        input_peak = true_peak(samples, work)
        reference = resample(reference, reference_rate or rate, work)
        reference_loudness = measure_loudness(reference, work)
        if not math.isfinite(reference_loudness.integrated):
            raise MasteringError("silent_reference", "The reference track is silence.")
        matched = match_reference(samples, reference, work)
        processed_power = processed_envelope = None
        processed, curves = matched.samples, matched
    goal = target_loudness(
        target if reference is None else None,
        reference_loudness.integrated if reference_loudness else None,
    )
    limited, gain_db, reached = gain_loop(
        processed, work, goal, processed_power, processed_envelope
    )
    if abs(reached.integrated - goal) > TOLERANCE_LU:
        notices.append("target_not_reached")
    report["target_lufs"] = round(goal, 2)
    report["gain_db"] = round(gain_db, 2)
    report["input"] = describe(samples, work, input_peak, before)
    report["output"] = describe(limited.samples, work, limited.true_peak_db, reached)
    report["reference"] = (
        describe(reference, work, loudness=reference_loudness) if reference is not None else None
    )
    report["spectra"] = spectra(samples, limited.samples, reference, work)
    report["eq"] = eq_report(curves, report["spectra"]["bands_hz"])
    report["gain_reduction"] = {
        "hop_s": REPORT_HOP_S,
        "db": gain_reduction_curve(limited.reduction_db, work),
        "max_db": round(float(limited.reduction_db.max(initial=0.0)), 2),
    }
    report["notices"] = notices
    return Mastered(limited.samples, work, report)


def spectra(samples, output, reference, rate) -> dict:
    centres, before = third_octave_spectrum(samples, rate)
    _, after = third_octave_spectrum(output, rate)
    result = {
        "bands_hz": [round(float(c), 1) for c in centres],
        "input_db": [round(float(v), 2) for v in before],
        "output_db": [round(float(v), 2) for v in after],
        "reference_db": None,
    }
    if reference is not None:
        _, levels = third_octave_spectrum(reference, rate)
        result["reference_db"] = [round(float(v), 2) for v in levels]
    return result


def eq_report(matched, bands: list[float]) -> dict | None:
    if matched is None:
        return None
    centres = np.asarray(bands)
    side = matched.side_curve.at(centres) if matched.side_curve is not None else None
    return {
        "mid_db": [round(float(v), 2) for v in matched.mid_curve.at(centres)],
        "side_db": None if side is None else [round(float(v), 2) for v in side],
        "side_gain_db": round(matched.side_gain_db, 2),
    }


def master(input_data: bytes, reference_data: bytes | None = None, target: str | None = None):
    """Read the uploads, master, encode: (24-bit WAV bytes, OGG preview bytes, report)."""
    track = _read(input_data, "input")
    reference = _read(reference_data, "reference") if reference_data is not None else None
    try:
        result = master_audio(
            track.samples, track.rate, reference.samples if reference else None,
            reference.rate if reference else None, target,
        )  # fmt: skip
    except MasteringError as error:
        error.field = "reference" if error.code == "silent_reference" else "input"
        raise
    return encode_wav(result.samples, result.rate), encode_ogg(result.samples, result.rate), {
        **result.report,
        "input_file": {"container": track.container, "sample_rate": track.rate,
                       "channels": track.channels, "seconds": round(track.seconds, 2)},
    }  # fmt: skip


def _read(data: bytes, field: str):
    try:
        return read_audio(data)
    except MasteringError as error:
        error.field = field
        raise
