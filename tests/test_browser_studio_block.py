"""Studio blocks in Chromium, on the shipped lesson 5 (loaded by load_lessons): the NSynth
section frames the tool with the teacher's preset, the frame takes its content's height (no
scroll bar of its own, nothing wider than the screen) in Japanese on a 390-px phone and in
English at 1280 px; and a teacher adds a studio block in the admin.

Screenshots land in test-output/: studio-block-ja-390.png, studio-block-en-1280.png,
studio-block-master-ja-390.png, studio-block-master-en-1280.png, studio-block-admin-ja.png.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from courses.models import Block, Lesson
from tests.browser import OUTPUT, needs_chromium, open_page
from tests.test_admin_browser import KIND_GROUPS, shown_groups, teacher_page  # noqa: F401

pytestmark = needs_chromium

SHIPPED_LESSON = "/{lang}/ai-composition/neural-networks-magenta-tensorflow/"
PRESET = "a=nylon-guitar&b=violin&mix=0.5&pitch=60"
FRAME = ".block-studio iframe[src^='/embed/nsynth/']"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("lang", "width", "title", "link"),
    [
        ("ja", 390, "NSynth", "スタジオで「NSynth」を開く"),
        ("en", 1280, "NSynth", "Open NSynth in the studio"),
    ],
)
def test_the_nsynth_section_frames_the_tool_with_its_preset(
    browser, live_server, studio, lang, width, title, link
):
    call_command("load_lessons", stdout=io.StringIO())
    OUTPUT.mkdir(exist_ok=True)
    page, errors = open_page(browser, live_server.url + SHIPPED_LESSON.format(lang=lang), width)
    frame_element = page.locator(FRAME)
    assert frame_element.get_attribute("title") == title
    assert frame_element.get_attribute("loading") == "lazy"
    frame_element.scroll_into_view_if_needed()  # a lazy frame loads once it is near the screen
    frame = page.frame_locator(FRAME)
    frame.locator("html[data-studio-ready]").wait_for()
    assert frame.locator("html").get_attribute("lang") == lang
    assert frame.locator("select[name=a]").input_value() == "nylon-guitar"
    assert frame.locator("select[name=b]").input_value() == "violin"
    assert frame.locator("input[name=mix]").input_value() == "0.5"
    assert frame.locator("#studio-form button[type=submit]").is_visible()
    # The lesson explains the tool; the tool page's essay stays on the studio's own page.
    assert frame.locator(".studio-about").count() == 1
    assert frame.locator(".studio-about").is_hidden()

    # The page took the frame's reported height: the frame's page neither scrolls inside it (by
    # a pixel: its border is added to the height) nor leaves a gap under it (the stylesheet's
    # minimum height only holds the place until the first report).
    page.wait_for_function(
        """(selector) => {
          const frame = document.querySelector(selector);
          return frame.style.height !== ""
          && frame.contentDocument.documentElement.scrollHeight <= frame.clientHeight
          && frame.clientHeight - Math.ceil(frame.contentDocument.body.getBoundingClientRect().height) <= 1;
        }""",
        arg=FRAME,
    )
    sizes = page.evaluate(
        """(selector) => {
          const frame = document.querySelector(selector);
          const inner = frame.contentDocument.documentElement;
          return {page: document.documentElement.scrollWidth, frame: frame.clientWidth,
                  inner: inner.scrollWidth};
        }""",
        FRAME,
    )
    assert sizes["page"] <= width, sizes
    assert sizes["inner"] <= sizes["frame"], sizes

    open_link = page.locator(".block-studio .studio-open").first
    assert open_link.inner_text() == link
    assert open_link.get_attribute("href") == f"/{lang}/studio/nsynth/?{PRESET}"
    # Usable where it stands: Generate runs in the frame and the frame grows with the result.
    before = frame_element.evaluate("(frame) => frame.clientHeight")
    frame.locator("#studio-form button[type=submit]").click()
    frame.locator(".nsynth-card audio").nth(3).wait_for(state="attached", timeout=60_000)
    page.wait_for_function(
        """([frame, before]) => frame.clientHeight > before
          && frame.contentDocument.documentElement.scrollHeight <= frame.clientHeight
          && frame.clientHeight - Math.ceil(frame.contentDocument.body.getBoundingClientRect().height) <= 1""",
        arg=[frame_element.element_handle(), before],
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".block-studio").first.screenshot(
        path=str(OUTPUT / f"studio-block-{lang}-{width}.png")
    )

    # The mastering section's block: Master with its defaults, as tall as its content too.
    master = page.locator(".block-studio iframe[src^='/embed/master/']")
    master.scroll_into_view_if_needed()
    page.frame_locator(".block-studio iframe[src^='/embed/master/']").locator(
        "html[data-studio-ready]"
    ).wait_for()
    page.wait_for_function(
        """(frame) => frame.style.height !== ""
          && frame.contentDocument.documentElement.scrollHeight <= frame.clientHeight
          && frame.clientHeight - Math.ceil(frame.contentDocument.body.getBoundingClientRect().height) <= 1""",
        arg=master.element_handle(),
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".block-studio").nth(1).screenshot(
        path=str(OUTPUT / f"studio-block-master-{lang}-{width}.png")
    )
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_teacher_adds_a_studio_block_in_the_admin(
    live_server,
    teacher_page,  # noqa: F811
    lesson5,
):
    page = teacher_page
    OUTPUT.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/admin/courses/block/add/?lesson={lesson5.pk}")
    page.select_option("select[name=kind]", "studio")
    assert shown_groups(page) == KIND_GROUPS["studio"]  # the other kinds' groups hide
    page.select_option("select[name=tool]", "nsynth")
    page.fill("input[name=tool_preset]", "a=violin&volume=11")
    page.click("input[name=_continue]")
    error = page.locator(".field-tool_preset .errorlist").inner_text()
    assert "volume" in error and "という設定はありません" in error, error

    page.fill("input[name=tool_preset]", PRESET)
    field = page.locator("input[name=tool_preset]")
    assert field.evaluate("(input) => input.scrollWidth <= input.clientWidth")  # reads whole
    page.fill("input[name=caption_ja]", "ギターとバイオリン")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    block = Lesson.objects.get(pk=lesson5.pk).blocks.get(kind=Block.Kind.STUDIO)
    assert (block.tool, block.tool_preset) == ("nsynth", PRESET)
    preview = page.locator(".kanade-preview iframe")
    assert preview.get_attribute("src") == f"/embed/nsynth/?{PRESET}"
    page.screenshot(path=str(OUTPUT / "studio-block-admin-ja.png"), full_page=True)
