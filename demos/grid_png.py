"""The sigmoid grid as a PNG, drawn like the lesson's ``plt.imshow(Z, cmap, vmin, vmax)`` + colorbar.

Uses matplotlib's object API (``Figure`` + Agg canvas) rather than ``pyplot``: pyplot keeps a
global "current figure", which is not safe when several requests render at once.
matplotlib is imported here, lazily, so that page views never pay for it.
"""

from __future__ import annotations

import io

import numpy as np

# matplotlib's default figure: 6.4 x 4.8 inches at 100 dpi, the size the lesson's notebook shows.
FIGURE_SIZE_INCHES = (6.4, 4.8)
FIGURE_DPI = 100
PNG_SIZE = (640, 480)  # width, height in pixels


def render_grid_png(z: np.ndarray, cmap: str, vmin: float, vmax: float) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_SIZE_INCHES, dpi=FIGURE_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(z, cmap=cmap, vmin=vmin, vmax=vmax)
    figure.colorbar(image, ax=axes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
