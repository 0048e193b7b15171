"""A second web server on 127.0.0.1 for the embed browser tests: the pages that frame embeds
(a slide, a reveal.js deck) come from another origin than the live server's localhost, as a
teacher's deck or LMS does."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REVEAL = Path(__file__).resolve().parent / "vendor" / "reveal"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Host:
    def __init__(self, folder: Path, origin: str):
        self.folder = folder
        self.origin = origin

    def write(self, name: str, html: str) -> str:
        (self.folder / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"

    def reveal_deck(self, name: str, slides: list[str], script: str = "") -> str:
        """A reveal.js deck (the vendored copy, no CDN) whose slides are the given HTML.

        The deck is not scaled (min/maxScale 1): Playwright aims its clicks in a frame inside a
        scaled ancestor at the unscaled position, which a real pointer does not."""
        if not (self.folder / "reveal").exists():
            shutil.copytree(REVEAL, self.folder / "reveal")
        sections = "\n".join(f"<section>{slide}</section>" for slide in slides)
        return self.write(
            name,
            f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deck</title>
<link rel="stylesheet" href="reveal/reveal.css"><link rel="stylesheet" href="reveal/theme/white.css">
</head><body><div class="reveal"><div class="slides">{sections}</div></div>
<script src="reveal/reveal.js"></script>
<script>Reveal.initialize({{hash: true, width: 1000, height: 620, margin: 0.02, minScale: 1, maxScale: 1,
  transition: "none"}});
{script}</script>
</body></html>""",
        )


@pytest.fixture
def embed_host(tmp_path):
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Host(tmp_path, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


def framed(page, url_part: str = "/embed/"):
    """The frame whose address contains ``url_part``, once the browser has created it."""
    for _ in range(200):
        frames = [f for f in page.frames if url_part in f.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(50)
    raise AssertionError(f"no frame with {url_part} among {[f.url for f in page.frames]}")


READY = (
    "document.querySelector('[data-demo]')?.demo !== undefined"
    " || document.documentElement.dataset.studioReady === 'true'"
)
