"""The VAEs' configuration, saved as ``config.json`` next to their weights. No TensorFlow."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..shared.checkpoints import CONFIG_FILE

TAP_FEATURES = 3  # one tap voice: hit, velocity, offset of the loudest onset of each step


@dataclass(frozen=True)
class VaeConfig:
    name: str  # the model's name in inference.configs.CONFIG_MAP
    family: str  # the architecture, the inference.vae module that builds it: musicvae | performance
    kind: str  # melody | drums
    num_classes: int  # MusicVAE: event classes; performance VAEs: conditioning features
    embed_dim: int
    encoder_units: int
    decoder_units: int
    latent: int
    beta: float
    free_bits: float
    prior_scale: float = 1.0  # measured after training (see inference.vae.musicvae)
    word_dropout: float = 0.0  # MusicVAE training: share of previous events hidden from the decoder
    dropout: float = 0.0  # performance VAEs: dropout on the decoder's inputs and hidden layer
    # Performance VAEs whose input is one tap voice: drums only on taps, at least one per tap.
    # None (a config.json older than this field) means "when the input has the tap layout".
    tap_input: bool | None = None
    # Performance VAEs: predict a spread (Gaussian sd) for every velocity and offset next to its
    # mean, and sample from it at the temperature (False: the mean only, as configs before it).
    scatter_head: bool = False
    # The share of the learned velocity spread drawn at T = 1 (scatter head). A drummer's accents
    # are what a listener follows; the full spread drawn independently per hit would blur them.
    velocity_spread: float = 1.0
    # Performance VAEs: the hit probability above which a cell is struck at temperature 0 (and
    # the centre of the sampling at higher ones). 0.5 is the most likely cell by cell; a lower
    # one, chosen on validation, trades a few extra hits for many fewer missed ones (hit F1).
    hit_threshold: float = 0.5
    # Drum MusicVAE's Generate: per-class logit offsets fitted after training on a grid of
    # temperatures, rows [temperature, 9 offsets] (inference.vae.calibration), and the hits per
    # bar of each class they were fitted to (the train split's). Empty: no calibration.
    generate_class_offsets: tuple = ()
    generate_class_rates: tuple = ()

    def __post_init__(self):
        for name in ("generate_class_offsets", "generate_class_rates"):
            value = getattr(self, name)
            rows = tuple(tuple(r) if isinstance(r, list | tuple) else r for r in value)
            object.__setattr__(self, name, rows)
        if self.tap_input is None:
            taps = self.family == "performance" and self.num_classes == TAP_FEATURES
            object.__setattr__(self, "tap_input", taps)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def load(cls, directory: str | Path) -> VaeConfig:
        data = json.loads((Path(directory) / CONFIG_FILE).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
