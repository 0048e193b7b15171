"""The two families of models behind the studio's tools, and how a worker warms each up: the
event RNNs (compiled samplers) and the VAEs (compiled encode/decode/perform bundles). Both
loaders cache per process, so a model two tools share loads once."""

from __future__ import annotations

from .base import Tool


class RnnTool(Tool):
    def load(self, name: str) -> None:
        from inference.rnn.generate import load_sampler

        load_sampler(name)


class VaeTool(Tool):
    def load(self, name: str) -> None:
        from inference.vae.tools import load_bundle

        load_bundle(name)
