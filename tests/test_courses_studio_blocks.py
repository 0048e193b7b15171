"""Studio blocks: a lesson block that frames a studio tool (/embed/<tool>/?<preset>).

The preset is checked as the tool's embed checks its address, so a teacher's mistake is a field
error in the admin's language rather than an error page inside the lesson's frame.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from courses.models import Block, Lesson
from tests.test_csp import assert_strict, production_policy  # noqa: F401  (a fixture)
from tests.test_lesson_content import BLOCKS

NSYNTH_PRESET = "a=nylon-guitar&b=violin&mix=0.5&pitch=60"


def errors_of(lang: str, **fields) -> dict[str, list[str]]:
    block = Block(kind="studio", **fields)
    with translation.override(lang):
        with pytest.raises(ValidationError) as caught:
            block.full_clean(exclude=["lesson"])
        return {
            name: [str(m) for m in messages] for name, messages in caught.value.message_dict.items()
        }


def test_a_valid_preset_is_kept_without_its_question_mark():
    block = Block(kind="studio", tool="nsynth", tool_preset=f" ?{NSYNTH_PRESET} ")
    block.full_clean(exclude=["lesson"])
    assert block.tool_preset == NSYNTH_PRESET


def test_no_preset_means_the_tools_defaults():
    Block(kind="studio", tool="master").full_clean(exclude=["lesson"])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_studio_block_needs_a_tool(lang):
    errors = errors_of(lang, tool="")
    assert list(errors) == ["tool"]


def test_an_unknown_tool_is_one_error_on_the_tool_field():
    errors = errors_of("en", tool="no-such-tool", tool_preset="x=1")
    assert list(errors) == ["tool"]
    assert "no-such-tool" in errors["tool"][0]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Preset rejected", "no setting called volume", "mix", "pitch"]),
        ("ja", ["volume", "という設定はありません", "mix"]),
    ],
)
def test_an_unknown_setting_is_named_with_the_tools_own(lang, words):
    errors = errors_of(lang, tool="nsynth", tool_preset="a=violin&volume=11")
    assert list(errors) == ["tool_preset"]
    for word in words:
        assert word in errors["tool_preset"][0]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["mix: ", "must be from 0 to 1", "you entered 2"]), ("ja", ["mix: ", "0", "1", "2"])],
)
def test_a_value_out_of_range_says_the_range(lang, words):
    errors = errors_of(lang, tool="nsynth", tool_preset="mix=2")
    message = errors["tool_preset"][0]
    for word in words:
        assert word in message
    if lang == "ja":
        assert "must" not in message


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_unknown_instrument_lists_the_choices(lang):
    message = errors_of(lang, tool="nsynth", tool_preset="a=kazoo")["tool_preset"][0]
    assert "kazoo" in message and "violin" in message


@pytest.mark.parametrize("option", ["lang=en", "large=1", "controls=mix", "job=abc"])
def test_the_embeds_own_options_are_not_a_lessons_preset(option):
    # The page picks the frame's language; a job id expires: neither belongs in content.
    errors = errors_of("en", tool="nsynth", tool_preset=option)
    assert option.split("=")[0] in errors["tool_preset"][0]


def test_settings_valid_alone_but_not_together_are_refused():
    # A pitch each field allows but the two chosen instruments cannot both play.
    errors = errors_of("en", tool="nsynth", tool_preset="a=nylon-guitar&b=violin&pitch=30")
    assert "pitch" in errors["tool_preset"][0].lower()


def test_a_setting_given_twice_is_refused():
    errors = errors_of("en", tool="nsynth", tool_preset="mix=0.2&mix=0.4")
    assert "mix" in errors["tool_preset"][0]


def test_the_nsynth_and_mastering_sections_show_their_studio_tools():
    """Issues #16 and #17: each section frames its tool (NSynth with the teacher's preset) right
    after its "try it here" callout, which no longer links the tool itself."""
    shown = []
    for index, block in enumerate(BLOCKS):
        if block["kind"] != "studio":
            continue
        shown.append((block["tool"], block.get("tool_preset", "")))
        before = BLOCKS[index - 1]
        assert before["kind"] == "callout", f"block {index}: no callout before the tool"
        assert "/studio/" not in before["body_ja"] + before["body_en"]
    assert shown == [("nsynth", "a=nylon-guitar&b=violin&mix=0.5&pitch=60"), ("master", "")]


STUDIO_LESSON = """\
number = 6
slug = "studio-tools"
published = true
title_ja = "スタジオ"
title_en = "Studio"

[[blocks]]
kind = "studio"
tool = "nsynth"
tool_preset = "{preset}"
caption_ja = "ギターとバイオリン"
caption_en = "Guitar and violin"
"""


def load(path) -> str:
    out = StringIO()
    call_command("load_lessons", "--path", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_the_loader_reads_studio_blocks_and_a_rerun_changes_nothing(content_dir):
    lesson_file = content_dir / "ai-composition" / "lesson-06.toml"
    lesson_file.write_text(STUDIO_LESSON.format(preset=NSYNTH_PRESET), encoding="utf-8")
    assert "lesson-06.toml: created (1 blocks)" in load(content_dir)
    block = Lesson.objects.get(number=6).blocks.get()
    assert (block.kind, block.tool, block.tool_preset) == ("studio", "nsynth", NSYNTH_PRESET)
    assert block.caption_en == "Guitar and violin"
    assert "lesson-06.toml: unchanged" in load(content_dir)
    # A teacher's edit of the preset is a change the loader keeps (the hash covers the field).
    Block.objects.filter(pk=block.pk).update(tool_preset="mix=0.25")
    report = load(content_dir)
    assert "lesson-06.toml" in report and "unchanged" not in report.split("lesson-06.toml")[1]
    assert Block.objects.get(pk=block.pk).tool_preset == "mix=0.25"


@pytest.mark.django_db
def test_the_loader_refuses_a_preset_the_tool_would_refuse(content_dir):
    lesson_file = content_dir / "ai-composition" / "lesson-06.toml"
    lesson_file.write_text(STUDIO_LESSON.format(preset="mix=7"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_lessons", "--path", str(content_dir), stdout=StringIO(), stderr=err)
    assert "lesson-06.toml: block 1 (studio)" in err.getvalue()
    assert "must be from 0 to 1" in err.getvalue()
    assert not Lesson.objects.filter(number=6).exists()


@pytest.fixture
def studio_lesson(make_lesson):
    return make_lesson(
        number=7,
        blocks=[
            {"kind": "markdown", "body_ja": "## 音色", "body_en": "## Timbre"},
            {
                "kind": "studio",
                "tool": "nsynth",
                "tool_preset": NSYNTH_PRESET,
                "caption_ja": "ギターとバイオリン",
                "caption_en": "Guitar and violin",
            },
        ],
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("production_policy")
@pytest.mark.parametrize(
    ("lang", "src", "title", "link"),
    [
        ("ja", f"/embed/nsynth/?{NSYNTH_PRESET}", "NSynth", "スタジオで「NSynth」を開く"),
        ("en", f"/embed/nsynth/?{NSYNTH_PRESET}&lang=en", "NSynth", "Open NSynth in the studio"),
    ],
)
def test_the_lesson_page_frames_the_tool_in_its_language(
    client, settings, studio_lesson, lang, src, title, link
):
    # A site that names the decks allowed to frame its embeds must still frame them itself.
    settings.EMBED_FRAME_ANCESTORS = "https://slides.example.org"
    response = client.get(f"/{lang}{studio_lesson.get_absolute_url()[3:]}")
    assert response.status_code == 200
    html = response.content.decode()
    escaped = src.replace("&", "&amp;")
    assert f'<iframe class="studio-frame" src="{escaped}" title="{title}" loading="lazy"' in html
    page = f"/{lang}/studio/nsynth/?{NSYNTH_PRESET}".replace("&", "&amp;")
    assert f'<a class="studio-open" href="{page}">{link}</a>' in html
    assert "embed_frames.js" in html
    directives = assert_strict(response)
    assert directives["frame-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"  # the lesson itself is never framed

    frame = client.get(src)
    assert frame.status_code == 200
    assert policy_sources(frame, "frame-ancestors") == ["'self'", "https://slides.example.org"]
    assert "X-Frame-Options" not in frame.headers


def policy_sources(response, name: str) -> list[str]:
    for part in response.headers["Content-Security-Policy"].split(";"):
        directive, _, value = part.strip().partition(" ")
        if directive == name:
            return value.split()
    return []


@pytest.mark.django_db
def test_a_lesson_with_a_studio_block_sets_the_csrf_cookie_before_its_frames(
    client, studio_lesson, lesson5
):
    # Two frames that each set a first csrftoken cookie race, and the loser's form is refused.
    assert "csrftoken" in client.get(studio_lesson.get_absolute_url()).cookies
    assert "csrftoken" not in Client().get(lesson5.get_absolute_url()).cookies
