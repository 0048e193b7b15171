"""Arrow keys in a reveal.js deck (the vendored copy, served from another origin) keep moving the
deck after a click inside an embed, unless a control that uses them has focus; a keyboard user's
arrow key is posted to the deck as {type: "kanade:key"} (static/embed/keys.js, docs/embeds.md)."""

import pytest

from tests.browser import OUTPUT, needs_chromium
from tests.embed_host import READY, embed_host, framed  # noqa: F401  (fixture)

pytestmark = needs_chromium

# What docs/embeds.md tells a teacher to add to a deck: replay a key the embed did not use.
DECK_SCRIPT = """
window.forwarded = [];
addEventListener("message", (event) => {
  if (event.data?.type !== "kanade:key") return;
  window.forwarded.push(event.data.key);
  Reveal.triggerKey(event.data.keyCode);
});
"""


def slide(page) -> int:
    return page.evaluate("Reveal.getIndices().h")


@pytest.mark.django_db(transaction=True)
def test_arrow_keys_move_the_deck_after_a_click_inside_an_embed(
    browser,
    live_server,
    embed_host,  # noqa: F811
):
    tf = f"{live_server.url}/embed/tf-graph/?lang=en"
    grid = f"{live_server.url}/embed/sigmoid-grid/?controls=w_im&lang=ja"
    frame = '<iframe src="{}" width="960" height="540" style="border:0" title="embed"></iframe>'
    deck = embed_host.reveal_deck(
        "deck.html",
        ["<h2>One</h2>", frame.format(tf), frame.format(grid), "<h2>Four</h2>"],
        DECK_SCRIPT,
    )
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{deck}#/1")
    page.wait_for_function("typeof Reveal !== 'undefined' && Reveal.isReady()")
    tf_frame = framed(page, "/embed/tf-graph/")
    tf_frame.wait_for_function(READY)
    assert slide(page) == 1

    # A click on the stepper's Step button: the step runs, and the next arrow moves the deck.
    tf_frame.get_by_role("button", name="Step").first.click()
    tf_frame.wait_for_function("document.querySelector('.tf-console').textContent.trim() !== ''")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 2")
    assert page.evaluate("window.forwarded") == []  # the deck had the focus back: nothing to replay

    # A slider that has focus keeps its arrows: the weight moves, the deck stays.
    grid_frame = framed(page, "/embed/sigmoid-grid/")
    grid_frame.wait_for_function(READY)
    slider = page.frame_locator('iframe[src*="sigmoid-grid"]').get_by_role(
        "slider", name="w_im[0][0]"
    )
    slider.click()
    before = grid_frame.evaluate("document.querySelector('[data-demo]').demo.getState().w_im[0]")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    after = grid_frame.evaluate("document.querySelector('[data-demo]').demo.getState().w_im[0]")
    assert after > before
    assert slide(page) == 2
    # The frame's own address follows the demo (options kept), and so does "Open in Kanade".
    grid_frame.wait_for_function("location.search.includes('w_im=')")
    search = grid_frame.evaluate("location.search")
    assert "controls=w_im" in search and "lang=ja" in search
    grid_frame.locator(".embed-open").dispatch_event("pointerdown")
    opened = grid_frame.evaluate("document.querySelector('.embed-open').href")
    assert f"/ja/demos/sigmoid-grid/?w_im={after:g}," in opened
    assert "controls=" not in opened and "lang=" not in opened

    # A keyboard user presses Enter on a button (focus stays in the embed), then an arrow: the
    # embed posts the key, the deck's listener replays it, and the focus goes back to the deck.
    reset = grid_frame.get_by_role("button", name="レッスンの値に戻す")
    reset.focus()
    page.keyboard.press("Enter")
    assert grid_frame.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("Reveal.getIndices().h === 1")
    assert page.evaluate("window.forwarded") == ["ArrowLeft"]
    page.keyboard.press("ArrowLeft")  # now straight to the deck
    page.wait_for_function("Reveal.getIndices().h === 0")
    assert page.evaluate("window.forwarded") == ["ArrowLeft"]
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "embed-reveal-deck.png"))
    context.close()
    assert errors == []
