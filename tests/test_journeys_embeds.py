"""Journey: a teacher frames three embeds in a reveal.js deck (the vendored copy in tests/vendor, no
CDN) served from another origin, and presents it at 960×540, in Japanese and English.

Each embed shows its main visual and its controls without scrolling inside its 16:9 frame; the
deck is not scaled (a 960×540 deck in a 960×540 window). While presenting, the teacher clicks
inside an embed (the page, a button) and the arrow keys still move the deck; a slider that has
focus keeps its arrow keys. The deck is plain reveal.js: no script of ours runs in it.
Screenshots: test-output/journeys/deck-<lang>-<n>.png.
"""

from __future__ import annotations

import contextlib
import re
import shutil

import pytest

from tests.browser import needs_chromium
from tests.journey_support import (
    SLIDE,
    VENDOR,
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    next_frames,
    open_page,
    serve_folder,
    words,
)

pytestmark = [*needs_chromium, pytest.mark.slow]

# The slides: an embed address (the teacher's choice of options) and what must be in view.
SLIDES = [
    ("sigmoid-grid/?controls=w_im&large=1", ".sg-canvas"),
    ("tf-graph/", ".tf-graph"),
    ("drumify/?input=melody", ".studio-settings"),
]
CONTROLS = "input:not([type=hidden]), select, textarea, button"
# Functions, not expressions: Playwright evaluates a bare expression with eval(), which the
# site's Content-Security-Policy refuses inside the frame.
READY = (
    "() => document.querySelector('[data-demo]')?.demo !== undefined"
    " || document.documentElement.dataset.studioReady === 'true'"
)

# Where a part of the embed lies in its frame's window, and whether the window scrolls.
MEASURE = """([visual, controls]) => {
  const inside = (el) => {
    const box = el.getBoundingClientRect();
    return box.top >= -1 && box.left >= -1 && box.bottom <= innerHeight + 2
      && box.right <= innerWidth + 2;
  };
  const shown = (el) => el.getBoundingClientRect().width > 0 && el.checkVisibility();
  const main = document.querySelector(visual);
  const outside = [...document.querySelectorAll(controls)].filter(shown).filter((c) => !inside(c));
  return {
    tall: document.documentElement.scrollHeight - innerHeight,
    wide: document.documentElement.scrollWidth - innerWidth,
    visual: main ? shown(main) && inside(main) : null,
    outside: outside.map((c) => c.outerHTML.slice(0, 80)),
    controls: [...document.querySelectorAll(controls)].filter(shown).length,
  };
}"""


def deck_html(base_url: str, lang: str) -> str:
    sections = "\n".join(
        f'<section style="padding:0"><iframe src="{base_url}/embed/{src}'
        f'{"&" if "?" in src else "?"}lang={lang}" width="960" height="540" title="embed {n}"'
        ' style="border:0;display:block;margin:0;max-width:none;max-height:none"></iframe>'
        "</section>"
        for n, (src, _visual) in enumerate(SLIDES)
    )
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Deck</title>
<link rel="stylesheet" href="reveal/reveal.css"><link rel="stylesheet" href="reveal/theme/white.css">
</head><body><div class="reveal"><div class="slides">{sections}</div></div>
<script src="reveal/reveal.js"></script>
<script>Reveal.initialize({{width: 960, height: 540, margin: 0, center: false, hash: false,
  transition: "none", controls: false, progress: false}});</script>
</body></html>"""


def embed_frame(page, number: int):
    """The Playwright frame of slide `number`'s embed, once its page's scripts are ready."""
    src = page.locator("iframe").nth(number).get_attribute("src")
    for _ in range(200):
        frames = [f for f in page.frames if f.url == src]
        if frames:
            frames[0].wait_for_function(READY, timeout=30_000)
            return frames[0]
        page.wait_for_timeout(50)
    raise AssertionError(f"slide {number}: no frame for {src}")


def settle(frame) -> None:
    """Give the embed up to 3 s to fit its frame after the slide appears (it lays itself out
    again on resize); what still overflows after that is measured as a failure."""
    from playwright.sync_api import TimeoutError as Timeout

    fits = "() => document.documentElement.scrollHeight <= innerHeight + 2"
    with contextlib.suppress(Timeout):  # MEASURE reports what still overflows
        frame.wait_for_function(fits, timeout=3_000)
        # An embed may lay itself out once more as its first answer arrives (the TF stepper's
        # trace): fitting must hold half a second later too.
        frame.wait_for_timeout(500)
        frame.wait_for_function(fits, timeout=3_000)
    next_frames(frame)


def show_slide(page, number: int):
    page.evaluate(f"Reveal.slide({number})")
    return embed_frame(page, number)


def slide_index(page) -> int:
    return page.evaluate("Reveal.getIndices().h")


def press_and_expect_slide(page, key: str, expected: int, after: str) -> str | None:
    page.wait_for_timeout(150)  # a presenter's pause between the click and the key
    page.keyboard.press(key)
    page.wait_for_timeout(100)
    now = slide_index(page)
    return None if now == expected else f"{after}, {key} left the deck on slide {now}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_three_embeds_in_a_reveal_deck_on_another_origin(chromium, live_server, tmp_path, lang):
    shutil.copytree(VENDOR / "reveal", tmp_path / "reveal")
    # The theme imports its web font, which tests/vendor leaves out: an empty sheet stands in.
    fonts = tmp_path / "reveal" / "theme" / "fonts" / "source-sans-pro"
    fonts.mkdir(parents=True)
    (fonts / "source-sans-pro.css").write_text("/* not vendored */\n", encoding="utf-8")
    (tmp_path / "deck.html").write_text(deck_html(live_server.url, lang), encoding="utf-8")
    problems = []
    with serve_folder(tmp_path) as origin:
        visit = open_page(chromium, f"{origin}/deck.html", viewport=SLIDE)
        page = visit.page
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        for number, (src, visual) in enumerate(SLIDES):
            page.evaluate(f"Reveal.slide({number})")
            frame = embed_frame(page, number)
            settle(frame)
            box = page.locator("iframe").nth(number).bounding_box()
            if (round(box["width"]), round(box["height"])) != (960, 540):
                problems.append(f"{src}: the deck shows the frame at {box}, not 960×540")
            measured = frame.evaluate(MEASURE, [visual, CONTROLS])
            visit.shot(f"deck-{lang}-{number}")
            if measured["tall"] > 2 or measured["wide"] > 2:
                problems.append(f"{src}: the embed scrolls ({measured})")
            if not measured["visual"]:
                problems.append(f"{src}: its main visual {visual} is not fully in view")
            if measured["outside"] or not measured["controls"]:
                problems.append(f"{src}: controls out of view: {measured['outside']}")

        # Presenting: click inside an embed (its page, a button), then the arrows move the deck.
        grid = show_slide(page, 0)
        grid.get_by_role("heading").first.click()  # the embed's title: not a control
        problems.append(press_and_expect_slide(page, "ArrowRight", 1, "after a click on the grid"))
        stepper = show_slide(page, 1)
        step = re.compile("^" + re.escape(words(lang, "Step", "djangojs")))
        stepper.get_by_role("button", name=step).click(timeout=90_000)  # TensorFlow starts
        stepper.locator(".tf-console").filter(has_text="9").wait_for(timeout=60_000)
        problems.append(press_and_expect_slide(page, "ArrowRight", 2, "after pressing Step"))
        studio = show_slide(page, 2)
        example = studio.locator("select[name=input_example]")
        if example.input_value() != "melody":
            problems.append(f"drumify: ?input=melody chose {example.input_value()!r}")
        studio.get_by_role("heading").first.click()
        problems.append(press_and_expect_slide(page, "ArrowLeft", 1, "after a click on Drumify"))

        # A slider that has focus keeps its arrows: the value moves, the deck does not.
        page.evaluate("Reveal.slide(0)")
        slider = page.frame_locator("iframe >> nth=0").get_by_role("slider").first
        slider.focus()
        before = slider.input_value()
        page.keyboard.press("ArrowRight")
        if slider.input_value() == before:
            problems.append("the grid's focused slider did not move with ArrowRight")
        if slide_index(page) != 0:
            problems.append("ArrowRight on a focused slider moved the deck")
        visit.close()
    problems = [p for p in problems if p] + [f"script error: {e}" for e in visit.errors]
    assert not problems, f"deck ({lang}):\n" + "\n".join(problems)
