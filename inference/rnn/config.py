"""The event RNN's configuration, saved as ``config.json`` next to its weights. No TensorFlow."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..shared.checkpoints import CONFIG_FILE


@dataclass(frozen=True)
class RnnConfig:
    name: str  # Magenta config id: attention_rnn | drum_kit
    kind: str  # melody | drums
    num_classes: int
    layer_sizes: tuple[int, ...]
    attn_length: int  # 0: no attention
    attn_score_size: int
    counter_bits: int
    embed_dim: int
    dropout: float
    extra: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    @classmethod
    def from_json(cls, text: str) -> RnnConfig:
        data = json.loads(text)
        data["layer_sizes"] = tuple(data["layer_sizes"])
        return cls(**data)

    @classmethod
    def load(cls, directory: str | Path) -> RnnConfig:
        return cls.from_json((Path(directory) / CONFIG_FILE).read_text(encoding="utf-8"))
