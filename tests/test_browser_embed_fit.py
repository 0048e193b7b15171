"""Every embed fits a 16:9 slide: framed at 960×540 and 1280×720 by a page on another origin (as
a reveal.js deck frames it), in Japanese and English, the embed's document does not scroll and its
main visual, its controls and its output lie inside the frame.

The compact layout (static/embed/embed-compact.css) must do this by itself: the last-resort scaling
of static/embed/fit.js may shave a little (≥ 0.85) but not hide a layout that has grown. Large type
(?large=1) may use the scaling down to the normal size. Screenshots: test-output/embed-fit/.
"""

import pytest

from demos import catalog  # noqa: F401  (registers the demos)
from demos.registry import all_demos
from studio.tools import TOOLS
from tests.browser import OUTPUT, needs_chromium
from tests.embed_host import READY, embed_host, framed  # noqa: F401  (fixture)

pytestmark = needs_chromium

SIZES = [(960, 540), (1280, 720)]
STUDIO = {"visual": ".studio-settings", "output": ".studio-actions"}
# The main visual and the output of each demo (the controls are its [data-control] elements).
PARTS = {
    "sigmoid-grid": {"visual": ".sg-canvas", "output": ".sg-readout"},
    "colormap": {"visual": ".sg-canvas", "output": ".sg-colorbar"},
    "sigmoid-curve": {"visual": ".demo-plot", "output": ".demo-output"},
    "regression": {"visual": ".demo-plot", "output": ".demo-output"},
    "arange": {"visual": ".demo-numberline", "output": ".demo-output"},
    "zeros": {"visual": ".demo-printed", "output": ".demo-output"},
    "reshape": {"visual": ".demo-printed", "output": ".demo-output"},
    "matmul": {"visual": ".mm-layout", "output": ".demo-output"},
    "tf-graph": {"visual": ".tf-graph", "output": ".tf-console"},
}
EMBEDS = [d.slug for d in all_demos()] + list(TOOLS) + ["sigmoid-grid/?controls=w_im&large=1"]

INSIDE = """(element) => {
  const box = element.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          width: box.width, height: box.height};
}"""


def test_every_demo_and_tool_has_its_parts_listed():
    assert set(PARTS) == {d.slug for d in all_demos()}


def frame_page(width, height, src):
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Slide</title></head>
<body style="margin:0;background:#333"><iframe src="{src}" width="{width}" height="{height}"
style="border:0;display:block" title="embed"></iframe></body></html>"""


def check_inside(frame, selector, width, height, what, embed):
    locator = frame.locator(selector).first
    assert locator.count() == 1, f"{embed}: no {what} ({selector})"
    box = locator.evaluate(INSIDE)
    assert box["width"] > 0 and box["height"] > 0, f"{embed}: {what} is not shown"
    assert box["top"] >= -1 and box["left"] >= -1, f"{embed}: {what} starts outside: {box}"
    assert box["bottom"] <= height + 2 and box["right"] <= width + 2, (
        f"{embed}: {what} ends outside the {width}×{height} frame: {box}"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width, height", SIZES)
def test_each_embed_fits_a_slide_frame(browser, live_server, embed_host, width, height, lang):  # noqa: F811
    shots = OUTPUT / "embed-fit"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    problems = []
    for number, embed in enumerate(EMBEDS):
        slug = embed.split("/")[0]
        joiner = "&" if "?" in embed else "?"
        src = f"{live_server.url}/embed/{embed.rstrip('/')}{'/' if '?' not in embed else ''}"
        src = f"{src}{joiner}lang={lang}"
        page.goto(embed_host.write(f"slide-{number}.html", frame_page(width, height, src)))
        frame = framed(page, src.removeprefix(live_server.url))
        frame.wait_for_function(READY)
        frame.evaluate("new Promise((done) => setTimeout(done, 300))")  # fonts, last resize
        frame.evaluate("new Promise((done) => requestAnimationFrame(() => done()))")
        measured = frame.evaluate(
            """() => ({scroll: document.documentElement.scrollHeight, view: innerHeight,
                       scrollWidth: document.documentElement.scrollWidth, viewWidth: innerWidth,
                       fit: Number(document.documentElement.dataset.embedFit),
                       lang: document.documentElement.lang})"""
        )
        name = embed.replace("/", "").replace("?", "-").replace("&", "-").replace("=", "-")
        page.screenshot(path=str(shots / f"{name}-{width}x{height}-{lang}.png"))
        try:
            assert measured["lang"] == lang
            assert measured["view"] == height and measured["viewWidth"] == width
            assert measured["scroll"] <= height + 2, f"{embed}: {measured['scroll']} px tall"
            assert measured["scrollWidth"] <= width + 2, f"{embed}: {measured['scrollWidth']} wide"
            large = "large=1" in embed
            assert measured["fit"] >= (0.7 if large else 0.85), f"{embed}: scaled to {measured}"
            parts = PARTS.get(slug, STUDIO)
            check_inside(frame, parts["visual"], width, height, "main visual", embed)
            controls = "[data-control]" if slug in PARTS else ".studio-field, .studio-input"
            for what, selector in (("output", parts["output"]), ("control", controls)):
                shown = 0
                for k in range(frame.locator(selector).count()):
                    if frame.locator(selector).nth(k).is_visible():
                        check_inside(frame, f"{selector} >> nth={k}", width, height, what, embed)
                        shown += 1
                assert shown or (what == "control" and "controls=" in embed), f"{embed}: no {what}"
        except AssertionError as error:
            problems.append(str(error))
    context.close()
    assert problems == []
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_oembed_frames_fit_too(browser, live_server, embed_host, client):  # noqa: F811
    """oEmbed answers 960×540, or a smaller 16:9 frame for a consumer's maxwidth; both fit."""
    pages = ["/en/demos/tf-graph/", "/ja/demos/sigmoid-grid/", "/ja/studio/interpolate/"]
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    page = context.new_page()
    for number, path in enumerate(pages):
        for maxwidth, size in ((None, (960, 540)), (640, (640, 360))):
            query = {"url": f"{live_server.url}{path}", "format": "json"}
            if maxwidth:
                query["maxwidth"] = maxwidth
            answer = client.get("/oembed", query, HTTP_HOST=live_server.url.split("//")[1])
            assert answer.status_code == 200, answer.content
            body = answer.json()
            assert (body["width"], body["height"]) == size
            html = f'<!doctype html><body style="margin:0">{body["html"]}</body>'
            html = html.replace('loading="lazy"', "")
            page.goto(embed_host.write(f"oembed-{number}-{size[0]}.html", html))
            frame = framed(page, path.split("/")[-2])
            frame.wait_for_function(READY)
            frame.evaluate("new Promise((done) => setTimeout(done, 300))")
            measured = frame.evaluate(
                "({scroll: document.documentElement.scrollHeight, view: innerHeight})"
            )
            assert measured["view"] == size[1]
            assert measured["scroll"] <= size[1] + 2, (path, size, measured)
    context.close()
