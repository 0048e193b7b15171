"""The timbre autoencoder (Keras 3): a 16-number code per frame, decoded by a DDSP synthesizer.

Imports TensorFlow at module level: import it lazily (``inference.nsynth.timbre`` does).

* encoder: the log-mel spectrum of each frame -> a dense layer and residual dilated 1-D
  convolutions over time -> ``latent`` (16) numbers per frame, NSynth's bottleneck;
* decoder: (pitch, loudness, z) of each frame -> the same kind of convolution stack -> a total
  harmonic amplitude, a distribution over ``harmonics`` harmonics and ``noise_bands`` noise
  magnitudes -> :mod:`.synth` (harmonics plus filtered noise) -> audio.

Engel et al. 2020 use GRUs; convolutions over a limited window (+-15 frames) are used here
because a CPU runs them in parallel over time, which makes training ~10x faster per note and a
whole note decodes in one pass. The loss is :func:`.synth.spectral_loss`; no adversarial or
perceptual terms.
"""

from __future__ import annotations

import keras
import tensorflow as tf
from keras import layers

from .config import DdspConfig
from .features import MEL_BANDS
from .synth import exp_sigmoid, filtered_noise, harmonic_synth, spectral_loss


class ResidualConvs(layers.Layer):
    """x + conv(norm(x)) for each dilation: each frame sees +-sum(dilations) frames."""

    def __init__(self, units: int, dilations, **kwargs):
        super().__init__(**kwargs)
        self.norms = [layers.LayerNormalization(name=f"norm_{d}") for d in dilations]
        self.convs = [
            layers.Conv1D(
                units, 3, dilation_rate=d, padding="same", activation="gelu", name=f"conv_{d}"
            )
            for d in dilations
        ]

    def call(self, x):
        for norm, conv in zip(self.norms, self.convs, strict=True):
            x = x + conv(norm(x))
        return x


def pitch_input(f0_hz):
    """f0 as (MIDI pitch - 60) / 24: about -1 .. 1.5 over the data's range."""
    midi = 69.0 + 12.0 * tf.math.log(tf.maximum(f0_hz, 1.0) / 440.0) / tf.math.log(2.0)
    return (midi - 60.0) / 24.0


class TimbreAutoencoder(keras.Model):
    def __init__(self, config: DdspConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config
        c = config
        self.encoder_in = layers.Dense(c.encoder_units, name="encoder_in")
        self.encoder_convs = ResidualConvs(c.encoder_units, c.dilations, name="encoder_convs")
        self.to_z = layers.Dense(c.latent, name="to_z")
        self.decoder_in = layers.Dense(c.decoder_units, name="decoder_in")
        self.decoder_convs = ResidualConvs(c.decoder_units, c.dilations, name="decoder_convs")
        self.decoder_norm = layers.LayerNormalization(name="decoder_norm")
        self.to_controls = layers.Dense(1 + c.harmonics + c.noise_bands, name="to_controls")

    def encode(self, log_mel):
        """[batch, frames, mel bands] in dB -> z [batch, frames, latent]."""
        c = self.config
        x = (log_mel - c.mel_mean) / c.mel_std
        return self.to_z(self.encoder_convs(self.encoder_in(x)))

    def controls(self, z, f0_hz, loudness_db):
        """The synthesizer's controls per frame: amplitude [b, f, 1], harmonic distribution
        [b, f, harmonics], noise magnitudes [b, f, bands]. f0_hz, loudness_db: [b, f]."""
        c = self.config
        loudness = (loudness_db - c.loudness_mean) / c.loudness_std
        x = tf.concat([pitch_input(f0_hz)[..., None], loudness[..., None], z], axis=-1)
        x = self.decoder_norm(self.decoder_convs(self.decoder_in(x)))
        out = self.to_controls(x)
        amplitude = exp_sigmoid(out[..., :1])
        distribution = exp_sigmoid(out[..., 1 : 1 + c.harmonics])
        # Noise starts quiet (a bias of -5) so early training does not drown the harmonics.
        noise = exp_sigmoid(out[..., 1 + c.harmonics :] - 5.0)
        return amplitude, distribution, noise

    def synthesize(self, amplitude, distribution, noise, f0_hz, seed):
        harmonic = harmonic_synth(f0_hz[..., None], amplitude, distribution)
        return harmonic + filtered_noise(noise, seed)

    def reconstruct(self, log_mel, f0_hz, loudness_db, seed, margin: int = 0):
        """Audio of frames [margin, frames - margin): the margins give the convolutions the
        context a whole note would (training on crops of notes)."""
        f0_hz = tf.convert_to_tensor(f0_hz)
        controls = self.controls(self.encode(log_mel), f0_hz, loudness_db)
        end = tf.shape(f0_hz)[1] - margin
        amplitude, distribution, noise = (x[:, margin:end] for x in controls)
        return self.synthesize(amplitude, distribution, noise, f0_hz[:, margin:end], seed)

    def example_losses(self, log_mel, f0_hz, loudness_db, audio, seed, margin: int = 0):
        estimate = self.reconstruct(log_mel, f0_hz, loudness_db, seed, margin)
        return spectral_loss(audio, estimate, self.config.fft_sizes)

    def call(self, inputs):
        log_mel, f0_hz, loudness_db = inputs
        return self.reconstruct(log_mel, f0_hz, loudness_db, tf.constant([0, 0]))


def build(config: DdspConfig) -> TimbreAutoencoder:
    """The model with its weights created (a 4-frame dummy note), ready to load or train."""
    model = TimbreAutoencoder(config, name=config.name)
    frames = 4
    model(
        (
            tf.zeros([1, frames, MEL_BANDS]),
            tf.fill([1, frames], 440.0),
            tf.fill([1, frames], -30.0),
        )
    )
    return model
