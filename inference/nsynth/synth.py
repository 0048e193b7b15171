"""The differentiable synthesizer and the multi-scale spectral loss (TensorFlow; import lazily).

Written from Engel et al. 2020, "DDSP: Differentiable Digital Signal Processing" (ICLR), section
3 and appendix: a sum of harmonic sinusoids whose amplitudes and harmonic distribution are given
per frame, plus white noise shaped per frame by a linear-phase FIR filter designed by frequency
sampling. Frame i's controls apply at sample i * hop and are interpolated linearly to the next
frame (``inference.nsynth.features`` centres its analysis frames on the same samples).
"""

from __future__ import annotations

import math

import tensorflow as tf

from .features import HOP, SAMPLE_RATE

NOISE_TAPS = 128  # length of each frame's noise filter (64 ms / 8 = 8 ms at 16 kHz)


def exp_sigmoid(x, exponent: float = 10.0, max_value: float = 2.0, floor: float = 1e-7):
    """DDSP's positive activation: a sigmoid raised to log(exponent), so the network's output
    maps to amplitudes over several decades (a plain sigmoid spends its range near 1)."""
    return max_value * tf.sigmoid(x) ** math.log(exponent) + floor


def upsample(frames, hop: int = HOP):
    """[batch, frames, channels] -> [batch, frames * hop, channels], linear from each frame to
    the next (the last frame holds)."""
    frames = tf.convert_to_tensor(frames)
    following = tf.concat([frames[:, 1:], frames[:, -1:]], axis=1)
    weight = tf.range(hop, dtype=frames.dtype) / hop  # 0 .. (hop-1)/hop within a frame
    mixed = (
        frames[:, :, None, :] * (1 - weight)[None, None, :, None]
        + following[:, :, None, :] * weight[None, None, :, None]
    )
    shape = tf.shape(frames)
    return tf.reshape(mixed, [shape[0], shape[1] * hop, shape[2]])


def harmonic_synth(f0_hz, amplitude, distribution, sample_rate: int = SAMPLE_RATE, hop: int = HOP):
    """Sum of harmonics k * f0 (k = 1..K) with per-frame controls.

    f0_hz, amplitude: [batch, frames, 1]; distribution: [batch, frames, K], non-negative. The
    distribution is zeroed above Nyquist (a harmonic there would alias) and normalized to sum to
    one, so ``amplitude`` is the total amplitude. Returns audio [batch, frames * hop].
    """
    harmonics = tf.shape(distribution)[-1]
    ks = tf.cast(tf.range(1, harmonics + 1), tf.float32)
    audible = tf.cast(f0_hz * ks[None, None, :] < sample_rate / 2, tf.float32)
    distribution = distribution * audible
    distribution = distribution / (tf.reduce_sum(distribution, axis=-1, keepdims=True) + 1e-7)
    here = amplitude * distribution  # [batch, frames, K]
    following = tf.concat([here[:, 1:], here[:, -1:]], axis=1)
    # Phase of the fundamental in cycles, accumulated in float64 (a float32 running sum drifts
    # by cents over a 4-s note: each addition to a large sum rounds the same way) and wrapped to
    # [0, 1) before float32; harmonic k turns k times as fast. No gradient flows to f0.
    steps = tf.cast(upsample(f0_hz, hop), tf.float64) / sample_rate
    cycles = tf.math.cumsum(steps, axis=1)
    cycles = tf.cast(cycles - tf.floor(cycles), tf.float32)
    shape = tf.shape(here)
    sines = tf.reshape(
        tf.sin(2 * math.pi * cycles * ks[None, None, :]), [shape[0], shape[1], hop, harmonics]
    )
    # Linear interpolation of the amplitudes between frames, applied after summing the
    # harmonics (it is linear in them): two small matrix products per frame instead of an
    # amplitude tensor at the sample rate, about 4x faster to train on one core.
    weight = tf.range(hop, dtype=tf.float32) / hop
    audio = (
        tf.einsum("bfhk,bfk->bfh", sines, here) * (1 - weight)
        + tf.einsum("bfhk,bfk->bfh", sines, following) * weight
    )
    return tf.reshape(audio, [shape[0], shape[1] * hop])


def noise_filters(magnitudes, taps: int = NOISE_TAPS):
    """Per-frame linear-phase FIR filters from magnitudes at ``bands`` frequencies from 0 to
    Nyquist (frequency sampling: zero-phase inverse FFT, centred, Hann-windowed), [..., taps]."""
    bands = magnitudes.shape[-1]
    impulse = tf.signal.irfft(tf.complex(magnitudes, tf.zeros_like(magnitudes)))  # 2*(bands-1)
    size = 2 * (bands - 1)
    impulse = tf.roll(impulse, shift=size // 2, axis=-1)  # zero phase -> centred, causal
    if size >= taps:
        start = (size - taps) // 2
        impulse = impulse[..., start : start + taps]
    else:
        pad = [[0, 0]] * (len(impulse.shape) - 1) + [[0, taps - size]]
        impulse = tf.pad(impulse, pad)
    window = tf.signal.hann_window(taps, periodic=False)
    return impulse * window


def filtered_noise(magnitudes, seed, hop: int = HOP, taps: int = NOISE_TAPS):
    """White noise in [-1, 1], each hop of it filtered by its frame's FIR filter and the frames
    overlap-added; magnitudes [batch, frames, bands] -> audio [batch, frames * hop]. ``seed`` is a
    stateless seed (two ints), so the same seed gives the same noise."""
    shape = tf.shape(magnitudes)
    batch, frames = shape[0], shape[1]
    noise = tf.random.stateless_uniform([batch, frames, hop], seed, minval=-1.0, maxval=1.0)
    filters = noise_filters(magnitudes, taps)
    size = 1 << (hop + taps - 1 - 1).bit_length()  # FFT size for a linear convolution
    filtered = tf.signal.irfft(
        tf.signal.rfft(noise, [size]) * tf.signal.rfft(filters, [size]), [size]
    )[..., : hop + taps - 1]
    audio = tf.signal.overlap_and_add(filtered, hop)
    # The filters are centred: their output lags by taps // 2 samples.
    return audio[:, taps // 2 : taps // 2 + frames * hop]


def spectral_magnitudes(audio, fft_size: int):
    return tf.abs(
        tf.signal.stft(
            audio, fft_size, fft_size // 4, fft_size, window_fn=tf.signal.hann_window, pad_end=True
        )
    )


def spectral_loss(target, estimate, fft_sizes, log_weight: float = 1.0):
    """Multi-scale spectral loss (Engel et al. 2020, eq. 4): for each FFT size, the mean absolute
    difference of the magnitude spectrograms plus ``log_weight`` times that of their logs; summed
    over sizes. Per example: [batch]."""
    total = 0.0
    for size in fft_sizes:
        s_true = spectral_magnitudes(target, size)
        s_est = spectral_magnitudes(estimate, size)
        linear = tf.reduce_mean(tf.abs(s_true - s_est), axis=[1, 2])
        log = tf.reduce_mean(
            tf.abs(tf.math.log(s_true + 1e-5) - tf.math.log(s_est + 1e-5)), axis=[1, 2]
        )
        total += linear + log_weight * log
    return total
