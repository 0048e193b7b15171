"""Embeds in a real browser: a plain host page on another origin frames /embed/… and the demo
works inside the frame; the frame reports its height; framing rules are enforced by Chromium.

The host pages are static files served by a second http.server on another loopback port (or
opened from file://, as a slide deck on disk would be). Screenshots land in test-output/:
embed-host-sigmoid-grid.png, embed-16x9-large.png, embed-4x3.png, embed-studio-cross-site.png.
"""

import functools
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings
from PIL import Image

from tests.browser import OUTPUT, needs_chromium

ROOT = "document.querySelector('[data-demo]')"

# Resizes the frame to the reported height, as a host page (an LMS, a blog) would.
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body style="margin:0;font-family:sans-serif">
<h1 style="font-size:16px;margin:8px">A slide on another site</h1>
{iframe}
<script>
  window.heights = [];
  addEventListener("message", (event) => {{
    const frame = document.querySelector("iframe");
    if (event.source !== frame.contentWindow || event.data?.type !== "kanade:height") return;
    window.heights.push(event.data.height);
    frame.style.height = event.data.height + "px";
  }});
</script>
</body></html>
"""

pytestmark = needs_chromium


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def host(tmp_path):
    """A second web server on 127.0.0.1 (another origin than the live server's localhost).

    host.write(name, iframe_html) -> URL of a host page framing iframe_html.
    """
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Host:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        folder = tmp_path

        def write(self, name: str, iframe: str) -> str:
            (tmp_path / name).write_text(HOST_PAGE.format(iframe=iframe), encoding="utf-8")
            return f"{self.origin}/{name}"

    yield Host()
    server.shutdown()
    server.server_close()


def iframe(src: str, width: int = 960, height: int = 540) -> str:
    return f'<iframe src="{src}" width="{width}" height="{height}" style="border:0"></iframe>'


def open_page(browser, url, width=1280, height=900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, errors


CONTENT_HEIGHT = "() => Math.ceil(document.body.getBoundingClientRect().height)"


def settled_height(page, frame, content_js: str = CONTENT_HEIGHT) -> int:
    """The host page's last reported height, once it is the frame's content height. The frame
    takes a few reports to settle while its page mounts; it is cross-origin, so each side is
    read on its own and polled."""
    page.wait_for_function("window.heights.length > 0")
    for _ in range(50):
        last = page.evaluate("window.heights.at(-1)")
        if last == frame.evaluate(content_js):
            return last
        page.wait_for_timeout(100)
    raise AssertionError(f"reports {page.evaluate('window.heights')} never matched the content")


def embed_frame(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].length > 0"
    )  # the frame element itself
    for _ in range(100):
        frames = [f for f in page.frames if "/embed/" in f.url]
        if frames:
            return frames[0]
        page.wait_for_timeout(50)
    raise AssertionError(f"no embed frame among {[f.url for f in page.frames]}")


def next_frames(frame):
    frame.evaluate(
        "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


@pytest.mark.django_db(transaction=True)
def test_host_page_frames_the_grid_and_the_slider_works_inside(browser, live_server, host, client):
    OUTPUT.mkdir(exist_ok=True)
    src = f"{live_server.url}/embed/sigmoid-grid/?w_im=4,-2,4,4&controls=w_im,cmap"
    page, errors = open_page(browser, host.write("grid.html", iframe(src)))
    frame = embed_frame(page)
    frame.wait_for_function(f"{ROOT}?.demo !== undefined")  # the root may not exist yet
    assert frame.evaluate(f"{ROOT}.demo.getState().w_im") == [4, -2, 4, 4]
    before = frame.evaluate(f"{ROOT}.demo.getGrid()")

    # Work the demo inside the frame: w_im[0][0] from 4 down to 2.5 with the keyboard.
    inside = page.frame_locator("iframe")
    slider = inside.get_by_role("slider", name="w_im[0][0]")
    slider.focus()
    for _ in range(15):
        page.keyboard.press("ArrowLeft")
    next_frames(frame)
    state = frame.evaluate(f"{ROOT}.demo.getState()")
    assert state["w_im"] == [2.5, -2, 4, 4]
    drawn = frame.evaluate(f"{ROOT}.demo.getGrid()")
    assert drawn["z"] != before["z"]
    query = "&".join(
        f"{key}={','.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in state.items()
    )
    expected = client.get(f"/api/demos/sigmoid-grid?{query}").json()
    np.testing.assert_allclose(np.array(drawn["z"]), np.array(expected["z"]), rtol=0, atol=1e-9)

    # controls=w_im,cmap: only those stay visible.
    assert inside.locator('[data-control="cmap"] select').is_visible()
    assert not inside.get_by_role("slider", name="b_im[0]").is_visible()
    assert not inside.get_by_role("spinbutton", name="vmin").is_visible()

    # The frame reported its height and the host resized the frame to it, and it stays so.
    settled_height(page, frame)
    page.wait_for_timeout(300)
    heights = page.evaluate("window.heights")
    content = frame.evaluate(CONTENT_HEIGHT)
    # The host sizes the frame to the reports, so the slide layout stays as it was for the 540-px
    # frame it started in (type 2.5 % of that height) instead of following the frame as it shrinks.
    assert frame.evaluate("document.documentElement.dataset.embedAutoHeight") == "true"
    assert frame.evaluate("getComputedStyle(document.documentElement).fontSize") == "13.5px"
    assert heights[-1] <= 540
    assert heights[-1] == content
    assert (
        page.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == content
    )
    assert 300 < content < 3000
    page.screenshot(path=str(OUTPUT / "embed-host-sigmoid-grid.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_framing_rules_are_enforced_by_the_browser(browser, live_server, host):
    src = f"{live_server.url}/embed/sigmoid-curve/?u=2&lang=en"
    title = "The sigmoid function"
    # A deck opened from disk may frame embeds by default (the "file:" source).
    deck = host.folder / "deck.html"
    deck.write_text(HOST_PAGE.format(iframe=iframe(src)), encoding="utf-8")
    page, _ = open_page(browser, deck.as_uri())
    frame = embed_frame(page)
    frame.wait_for_selector("h1")
    assert frame.inner_text("h1") == title

    # Restricted to another origin: Chromium refuses to show the frame on this host.
    with override_settings(EMBED_FRAME_ANCESTORS="https://slides.example.org"):
        page, _ = open_page(browser, host.write("blocked.html", iframe(src)))
        page.wait_for_timeout(1500)
        frames = [f for f in page.frames if f is not page.main_frame]
        assert frames and all(f.url.startswith("chrome-error://") for f in frames), [
            f.url for f in frames
        ]
    # ...and shows it when the host's origin is on the list.
    with override_settings(EMBED_FRAME_ANCESTORS=f"https://slides.example.org {host.origin}"):
        page, _ = open_page(browser, host.write("allowed.html", iframe(src)))
        frame = embed_frame(page)
        frame.wait_for_selector("h1")
        assert frame.inner_text("h1") == title


@pytest.mark.django_db(transaction=True)
def test_embed_button_copies_the_current_state_and_the_code_works_in_a_host(
    browser, live_server, host
):
    page, errors = open_page(browser, f"{live_server.url}/en/demos/sigmoid-grid/")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.wait_for_function(f"{ROOT}?.demo !== undefined")
    page.get_by_role("spinbutton", name="b_im[1]").fill("-1.5")
    page.locator("select").first.select_option("magma")
    page.get_by_role("button", name="Embed").click()
    page.wait_for_function("document.querySelector('.embed-code').value.includes('<iframe')")
    code = page.input_value(".embed-code")
    assert (
        f'src="{live_server.url}/embed/sigmoid-grid/?b_im=3,-1.5&amp;cmap=magma&amp;lang=en"'
        in code
    )
    assert page.evaluate("navigator.clipboard.readText()") == code
    page.get_by_label("Large type (for projectors)").check()
    page.wait_for_function("document.querySelector('.embed-code').value.includes('large=1')")

    # The copied code, pasted into another site's page, shows the same state.
    host_page, _ = open_page(browser, host.write("pasted.html", code))
    frame = embed_frame(host_page)
    frame.wait_for_function(f"{ROOT}?.demo !== undefined")  # the root may not exist yet
    state = frame.evaluate(f"{ROOT}.demo.getState()")
    assert state["b_im"] == [3, -1.5] and state["cmap"] == "magma"
    assert frame.inner_text("h1") == "Sigmoid grid (2-2-1 network)"
    assert errors == []


def downloaded(page, button_name) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name).first.click()
    path = info.value.path()
    return Path(path).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_download_image_gives_png_snapshots(browser, live_server, client, lesson5):
    # The grid: matplotlib's PNG of the block's state (the lesson's preset uses viridis).
    page, errors = open_page(browser, f"{live_server.url}{lesson5.get_absolute_url()}")
    page.wait_for_function(f"{ROOT}?.demo !== undefined")
    png = downloaded(page, "画像を保存")
    assert png == client.get("/api/demos/sigmoid-grid.png?cmap=viridis").content

    # An SVG demo: drawn to a canvas in the browser, twice its CSS size, on white, not blank.
    page, errors = open_page(browser, f"{live_server.url}/en/demos/regression/", width=900)
    page.wait_for_function(f"{ROOT}?.demo !== undefined")
    css = page.evaluate(f"{ROOT}.querySelector('svg').getBoundingClientRect().width")
    image = Image.open(io.BytesIO(downloaded(page, "Download image"))).convert("RGB")
    assert image.width >= 2 * css - 2
    pixels = np.asarray(image)
    assert (pixels == 255).all(axis=2).mean() > 0.5  # mostly white paper
    red = (pixels[..., 0] > 150) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    assert red.sum() > 200  # the data points and the line (the accent red) are there
    image.save(OUTPUT / "embed-snapshot-regression.png")
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shape, size", [("16x9-large", (960, 540)), ("4x3", (800, 600))])
def test_embed_fits_slide_frames(browser, live_server, shape, size):
    OUTPUT.mkdir(exist_ok=True)
    large = "&large=1" if "large" in shape else ""
    url = f"{live_server.url}/embed/sigmoid-grid/?cmap=viridis&controls=w_im,b_im{large}"
    page, errors = open_page(browser, url, width=size[0], height=size[1])
    page.wait_for_function(f"{ROOT}?.demo !== undefined")
    next_frames(page.main_frame)
    canvas = page.locator(".sg-canvas").bounding_box()
    controls = page.locator(".sg-controls").bounding_box()
    # The grid sits whole in the first screen, the controls beside it; nothing scrolls sideways.
    assert canvas["y"] + canvas["height"] <= size[1]
    assert controls["x"] >= canvas["x"] + canvas["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    if large:
        assert (
            page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 22
        )
    page.screenshot(path=str(OUTPUT / f"embed-{shape}.png"))
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_studio_tool_embed_in_another_sites_frame(browser, live_server, host):
    OUTPUT.mkdir(exist_ok=True)
    src = f"{live_server.url}/embed/generate/?type=drums&temperature=1.3&lang=en"
    page, errors = open_page(browser, host.write("studio.html", iframe(src)))
    frame = embed_frame(page)
    frame.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert frame.locator(".site-header").count() == 0
    assert frame.locator("select[name=type]").input_value() == "drums"
    assert frame.locator("input[name=temperature]").input_value() == "1.3"
    # localhost framed by 127.0.0.1 is cross-site: no cookies, so no CSRF-protected Generate;
    # the frame says so and opens the tool in a tab of its own.
    # What the student set in the frame travels to the new tab.
    frame.locator("input[name=temperature]").evaluate(
        "el => { el.value = '0.7'; el.dispatchEvent(new Event('input')); }"
    )
    with page.context.expect_page() as popup:
        frame.get_by_role("button", name="Generate").click()
    assert "/en/studio/generate/" in popup.value.url
    assert "temperature=0.7" in popup.value.url and "type=drums" in popup.value.url
    tab = popup.value
    tab.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    assert tab.locator("input[name=temperature]").input_value() == "0.7"
    assert tab.locator("[data-field=temperature] output").inner_text() == "0.7"
    assert tab.locator("select[name=type]").input_value() == "drums"
    tab.close()
    assert "cannot generate inside another site's frame" in frame.inner_text(".studio-status")
    page.wait_for_function("window.heights.length > 0")
    page.bring_to_front()  # the new tab hid the host page; a hidden page's frames are not painted
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT / "embed-studio-cross-site.png"), full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_studio_generates_inside_a_same_site_frame_and_piano_rolls_save_as_png(
    browser, live_server, host, studio
):
    src = f"{live_server.url}/embed/melody-rnn/?num_outputs=2&num_steps=64&lang=en"
    # localhost on another port is the same site as the live server: the cookies flow.
    page, errors = open_page(
        browser, host.write("studio-same-site.html", iframe(src)).replace("127.0.0.1", "localhost")
    )
    frame = embed_frame(page)
    frame.wait_for_function("document.documentElement.dataset.studioReady === 'true'")
    frame.get_by_role("button", name="Generate").click()
    frame.wait_for_selector(".studio-variation >> nth=1", timeout=60_000)
    assert frame.locator(".studio-variation svg").count() == 2
    # The host sizes the frame to the content it reports, so nothing is scaled to fit: the page
    # keeps the slide layout of the 960×540 frame it started in (type 2.5 % of 540 px, the results
    # beside the form in a column of their own) and the frame takes the page's whole height.
    assert settled_height(page, frame, "document.documentElement.scrollHeight") > 0
    assert frame.evaluate("getComputedStyle(document.documentElement).fontSize") == "13.5px"
    assert frame.evaluate("document.documentElement.dataset.embedFit") == "1.000"
    form = frame.locator("#studio-form").bounding_box()
    first = frame.locator(".studio-variation").first.bounding_box()
    assert first["x"] >= form["x"] + form["width"]
    results = frame.locator(".studio-results").bounding_box()
    assert results["height"] <= 540
    page.screenshot(path=str(OUTPUT / "embed-studio-results.png"))
    job = frame.evaluate("new URLSearchParams(location.search).get('job')")
    assert job

    # On the studio page itself each piano roll can be saved as a PNG.
    tool, errors_tool = open_page(browser, f"{live_server.url}/en/studio/melody-rnn/?job={job}")
    tool.wait_for_selector(".studio-variation .embed-roll-image")
    css = tool.evaluate("document.querySelector('.studio-variation svg').getBoundingClientRect()")
    with tool.expect_download() as info:
        tool.locator(".embed-roll-image").first.click()
    assert info.value.suggested_filename == "piano-roll-1.png"
    image = Image.open(io.BytesIO(Path(info.value.path()).read_bytes())).convert("RGB")
    # Twice the drawn size (the height follows the viewBox's proportions, within a few pixels).
    assert abs(image.width - 2 * css["width"]) <= 2
    assert abs(image.height - 2 * css["height"]) <= 0.02 * image.height
    pixels = np.asarray(image).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 3  # notes, grid and labels, not a blank page
    image.save(OUTPUT / "embed-snapshot-piano-roll.png")
    assert errors == [] and errors_tool == []
