"""The timbre autoencoder's configuration, saved as ``config.json`` with its weights. No TF."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..shared.checkpoints import CONFIG_FILE


@dataclass(frozen=True)
class DdspConfig:
    name: str  # the model's name in inference.configs.CONFIG_MAP
    latent: int = 16  # NSynth's bottleneck: 16 numbers per frame
    harmonics: int = 60
    noise_bands: int = 65  # magnitudes of the filtered noise, 0 .. Nyquist
    encoder_units: int = 128
    decoder_units: int = 256
    # Dilations of the residual 1-D convolutions (kernel 3) of encoder and decoder: each frame
    # sees +-(sum of dilations) frames, about +-0.24 s for (1, 2, 4, 8).
    dilations: tuple[int, ...] = (1, 2, 4, 8)
    fft_sizes: tuple[int, ...] = (2048, 1024, 512, 256, 128, 64)  # the spectral loss's scales
    # Normalization of the inputs, measured on the train split before training.
    loudness_mean: float = -40.0
    loudness_std: float = 20.0
    mel_mean: float = -60.0
    mel_std: float = 20.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def load(cls, directory: str | Path) -> DdspConfig:
        data = json.loads((Path(directory) / CONFIG_FILE).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        tuples = {f.name for f in fields(cls) if f.type.startswith("tuple")}
        return cls(**{k: tuple(v) if k in tuples else v for k, v in data.items() if k in known})
