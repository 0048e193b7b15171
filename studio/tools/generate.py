"""Generate 4 bars: new drum or melody clips sampled from MusicVAE's latent space."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import ToolInputs, ToolResult
from .families import VaeTool
from .fields import SCALE, SEED, TYPE, key, scale_for_run, temperature, variations


class Generate(VaeTool):
    def checkpoints(self, params: dict) -> tuple[str, ...]:
        return (f"musicvae_{params.get('type', 'melody')}",)

    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.vae.tools import generate

        scale, notices = scale_for_run(params)
        clips = generate(
            params["type"],
            int(params["variations"]),
            params["temperature"],
            int(params["seed"]),
            key=params.get("key", "C"),
            scale=scale,
        )
        return ToolResult(clips, notices)


TOOL = Generate(
    slug="generate",
    title=_("Generate 4 bars"),
    summary=_("Makes 4-bar drum or melody clips from scratch."),
    model=_("MusicVAE (a sample from the latent space)"),
    # 0.5: the highest temperature at which drum clips repeat bar to bar as much as the issue
    # asks (grooving similarity >= 0.80), chosen on validation by python -m inference.evaluate
    # musicvae_drums; melodies fit held-out tunes better there than at 0.4 or 1.0.
    fields=(TYPE, variations(16, 8), temperature(0.5), key(), SCALE, SEED),
    models=("musicvae_melody", "musicvae_drums"),
    melody_only=("key", "scale"),
)
