"""A whole demo in one module, as docs/demos.md's "Adding a demo" describes: the sigmoid of a
steeper input, 1 / (1 + e^(-k·u)), on the sigmoid curve's ES module with its own bounds.

Registering it is the one line a real demo adds to demos/catalog.py (``register(Demo(...))``);
the tests do it under monkeypatch so it leaves no trace. A new picture would also add its ES
module under static/demos/; this one reuses the curve's, so it needs no file of its own.
"""

from __future__ import annotations

from demos.registry import Demo, Param, PresetError


def check(values: dict) -> None:
    if values["u"] == 0 and values["k"] == 0:
        raise PresetError.worded("u and k cannot both be 0: the curve would be flat at 0.5.")


DEMO = Demo(
    slug="steep-sigmoid",
    title_en="A steeper sigmoid",
    module="demos/sigmoid_curve.js",
    params=(
        Param("u", "float", 1.0, minimum=-3.0, maximum=3.0),
        Param("k", "float", 2.0, minimum=0.0, maximum=8.0),
    ),
    check=check,
)
