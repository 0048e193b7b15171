"""Features of generated music for comparing it with real music (numpy only).

After Yang & Lerch, "On the evaluation of generative models in music" (2018, MGEval): per clip,
pitch count, pitch-class histogram, pitch range, average interval, note count, average
inter-onset interval and note-length histogram; two sets of clips are compared feature by
feature as the overlapped area (OA) of their distributions. After MusDr (Wu & Yang 2020):
pitch-class entropy and grooving similarity. Plus note-level F1 (onset and pitch), the measure
an interpolation's endpoints or a continuation are judged by.

Steps are 16ths; a clip's notes are quantized (``inference.music.Clip``).
"""

from __future__ import annotations

import numpy as np

from ..music import Clip

# Note lengths in 16ths: the bins of the note-length histogram (the last one is "longer").
LENGTH_BINS = (1, 2, 3, 4, 6, 8, 12, 16)
STEPS_PER_BAR = 16


def pitch_count(clip: Clip) -> int:
    return len({note.pitch for note in clip.notes})


def pitch_class_histogram(clip: Clip) -> np.ndarray:
    """Share of the notes on each of the 12 pitch classes (zeros for an empty clip)."""
    counts = np.bincount([note.pitch % 12 for note in clip.notes], minlength=12).astype(float)
    return counts / counts.sum() if counts.sum() else counts


def pitch_range(clip: Clip) -> int:
    pitches = [note.pitch for note in clip.notes]
    return max(pitches) - min(pitches) if pitches else 0


def average_interval(clip: Clip) -> float:
    """Mean absolute interval, in semitones, between consecutive notes (by onset)."""
    pitches = [note.pitch for note in sorted(clip.notes, key=lambda n: (n.start_step, n.pitch))]
    return float(np.mean(np.abs(np.diff(pitches)))) if len(pitches) > 1 else 0.0


def note_count(clip: Clip) -> int:
    return len(clip.notes)


def average_inter_onset_interval(clip: Clip) -> float:
    """Mean time in steps between consecutive distinct onsets."""
    onsets = sorted({note.start_step for note in clip.notes})
    return float(np.mean(np.diff(onsets))) if len(onsets) > 1 else 0.0


def note_length_histogram(clip: Clip) -> np.ndarray:
    """Share of the notes in each length bin (``LENGTH_BINS``; longer notes count in the last)."""
    bins = np.searchsorted(LENGTH_BINS, [n.end_step - n.start_step for n in clip.notes])
    counts = np.bincount(np.minimum(bins, len(LENGTH_BINS) - 1), minlength=len(LENGTH_BINS))
    return counts / counts.sum() if counts.sum() else counts.astype(float)


def pitch_class_entropy(clip: Clip) -> float:
    """MusDr's H: entropy in bits of the pitch-class histogram (0 for one pitch class)."""
    shares = pitch_class_histogram(clip)
    shares = shares[shares > 0]
    return float(-(shares * np.log2(shares)).sum())


def grooving_similarity(clip: Clip) -> float:
    """MusDr's GS: mean over pairs of bars of 1 - (onset positions where they differ) / 16.
    1.0 when every bar has the same rhythm; 1.0 as well for fewer than two bars."""
    bars = max(1, -(-max(clip.total_steps, 1) // STEPS_PER_BAR))
    grid = np.zeros((bars, STEPS_PER_BAR), bool)
    for note in clip.notes:
        grid[note.start_step // STEPS_PER_BAR, note.start_step % STEPS_PER_BAR] = True
    if bars < 2:
        return 1.0
    pairs = [(a, b) for a in range(bars) for b in range(a + 1, bars)]
    return float(np.mean([1 - np.sum(grid[a] ^ grid[b]) / STEPS_PER_BAR for a, b in pairs]))


def note_f1(made: Clip, truth: Clip) -> float:
    """F1 of notes matched on onset step and pitch (each true note matched at most once)."""
    made_keys = [(n.start_step, n.pitch) for n in made.notes]
    true_keys = {(n.start_step, n.pitch) for n in truth.notes}
    hits = len(set(made_keys) & true_keys)
    if not made_keys and not true_keys:
        return 1.0
    precision = hits / max(len(set(made_keys)), 1)
    recall = hits / max(len(true_keys), 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def overlapped_area(a, b, points: int = 512) -> float:
    """OA of two samples' distributions: the area under min(p, q) of their Gaussian kernel
    density estimates (Scott's bandwidth), 1.0 for identical distributions, 0.0 for disjoint.

    A sample without spread (every value equal) is a narrow bump at its value, so two such
    samples overlap fully when equal and not at all when apart."""
    a, b = np.asarray(a, float).ravel(), np.asarray(b, float).ravel()
    if not len(a) or not len(b):
        raise ValueError("overlapped_area needs two non-empty samples")
    spread = max(np.ptp(np.concatenate([a, b])), 1e-6)
    low, high = min(a.min(), b.min()) - spread, max(a.max(), b.max()) + spread
    grid = np.linspace(low, high, points)
    p, q = _density(a, grid, spread), _density(b, grid, spread)
    return float(np.clip(np.trapezoid(np.minimum(p, q), grid), 0.0, 1.0))


def _density(sample: np.ndarray, grid: np.ndarray, spread: float) -> np.ndarray:
    bandwidth = sample.std(ddof=1) * len(sample) ** (-1 / 5) if len(sample) > 1 else 0.0
    bandwidth = max(bandwidth, spread * 1e-3)
    z = (grid[:, None] - sample[None, :]) / bandwidth
    density = np.exp(-0.5 * z**2).sum(axis=1) / (len(sample) * bandwidth * np.sqrt(2 * np.pi))
    return density / max(np.trapezoid(density, grid), 1e-12)  # the grid holds all its mass
