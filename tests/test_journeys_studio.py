"""Journey: a student uses every studio tool on the trained models, as the embedded default runs
them (a worker thread in the web process).

Every tool with its starting values: Generate, the result shows its seed, the first variation's
audio plays and seeks to its middle (served with HTTP Range, trimmed to the music plus at most
1 s of release); a result sent to Drumify and merged with it into one MIDI file; drums drawn in
the step editor on a phone, where the grid fits the screen with its row names readable; mistakes
refused at their field in plain Japanese. Each
page is audited by axe again once it shows results (the audit of the tool pages sees no results).
Screenshots: test-output/journeys/studio-*.png.
"""

from __future__ import annotations

import io
import re

import pretty_midi
import pytest

from studio.tools import get_tool
from tests.browser import needs_chromium
from tests.journey_support import (
    LAPTOP,
    PHONE,
    axe_violations,
    chromium_per_module,  # noqa: F401  (the `chromium` fixture)
    open_page,
    studio_slugs,
    wait_for_studio,
    words,
)

pytestmark = [*needs_chromium, pytest.mark.slow]

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
RELEASE_ALLOWED_S = 1.0
OGG_SLACK_S = 0.1  # an Ogg page boundary
FIRST_RESULT_TIMEOUT_MS = 180_000  # the first job of a run loads TensorFlow and the model

# Plays the audio muted, jumps to the middle and reports where it is once it has played on.
SEEK_TO_MIDDLE = """async (audio) => {
  const within = (promise, what) => Promise.race([promise, new Promise((_, fail) =>
    setTimeout(() => fail(new Error(what + ' took over 10 s')), 10000))]);
  audio.muted = true;
  await within(audio.play(), 'play()');
  const middle = audio.duration / 2;
  await within(new Promise((done) => {
    audio.addEventListener('seeked', done, { once: true });
    audio.currentTime = middle;
  }), 'seeking');
  const afterSeek = audio.currentTime;
  await new Promise((done) => setTimeout(done, 400));
  const later = audio.currentTime;
  audio.pause();
  return { middle, afterSeek, later, seekable: audio.seekable.length ? audio.seekable.end(0) : 0 };
}"""


def generate(page, lang: str) -> None:
    page.get_by_role("button", name=words(lang, "Generate"), exact=True).click()
    page.locator(".studio-variation").first.wait_for(timeout=FIRST_RESULT_TIMEOUT_MS)


def music_seconds(page, midi_url: str) -> float:
    midi = pretty_midi.PrettyMIDI(io.BytesIO(page.request.get(midi_url).body()))
    return midi.get_end_time()


def check_first_variation(page, tool: str, lang: str) -> list[str]:
    """Seed shown, audio served with Range, trimmed, seekable to its middle. An audio tool
    (Master) has no seed (its chain is deterministic) and no MIDI: its output must last as long
    as its input instead."""
    if get_tool(tool).output_kind == "audio":
        return check_audio_result(page, tool)
    problems = []
    results = page.get_by_role("region", name=words(lang, "Results"))
    seed = results.locator(".studio-seed")
    if seed.count() != 1 or not any(ch.isdigit() for ch in seed.inner_text()):
        problems.append(f"{tool}: the result does not show its seed")
    variation = page.locator(".studio-variation").first
    audio = variation.locator("audio")
    if audio.count() != 1:
        return [*problems, f"{tool}: the first variation has no audio"]
    duration, problems = served_and_seekable(page, audio, tool, problems)
    music = music_seconds(page, variation.locator("a.studio-midi").evaluate("(a) => a.href"))
    if not music - OGG_SLACK_S <= duration <= music + RELEASE_ALLOWED_S + OGG_SLACK_S:
        problems.append(
            f"{tool}: the audio lasts {duration:.2f} s for {music:.2f} s of music "
            f"(at most {RELEASE_ALLOWED_S} s of release allowed)"
        )
    return problems


def check_audio_result(page, tool: str) -> list[str]:
    if page.locator(".nsynth-result").count():
        return check_timbre_result(page, tool)
    players = page.locator(".studio-variation").first.locator(".master-ab audio")
    if players.count() < 2:
        return [f"{tool}: the result has {players.count()} players (before and after expected)"]
    before, problems = served_and_seekable(page, players.nth(0), tool, [])
    after, problems = served_and_seekable(page, players.nth(1), tool, problems)
    if abs(after - before) > OGG_SLACK_S:
        problems.append(f"{tool}: the master lasts {after:.2f} s for {before:.2f} s of input")
    return problems


def check_timbre_result(page, tool: str) -> list[str]:
    """NSynth: the blend, A, B and the crossfade, each a whole 4-s note, served and seekable."""
    players = page.locator(".nsynth-card audio")
    if players.count() < 4:
        return [f"{tool}: the result has {players.count()} players (blend, A, B, crossfade)"]
    problems: list[str] = []
    for index in range(players.count()):
        duration, problems = served_and_seekable(page, players.nth(index), tool, problems)
        if abs(duration - 4.0) > OGG_SLACK_S:
            problems.append(f"{tool}: sound {index + 1} lasts {duration:.2f} s, not 4 s")
    return problems


def served_and_seekable(page, audio, tool: str, problems: list[str]) -> tuple[float, list[str]]:
    """The audio's duration, with what is wrong about how it is served and seeks."""
    page.wait_for_function("(a) => a.readyState >= 1", arg=audio.element_handle(), timeout=30_000)
    src = audio.evaluate("(a) => a.currentSrc")
    ranged = page.request.get(src, headers={"Range": "bytes=0-99"})
    if ranged.status != 206 or ranged.headers.get("accept-ranges") != "bytes":
        problems.append(
            f"{tool}: a Range request for the audio got HTTP {ranged.status}, "
            f"Accept-Ranges {ranged.headers.get('accept-ranges')!r} (206 and 'bytes' expected)"
        )
    duration = audio.evaluate("(a) => a.duration")
    seek = audio.evaluate(SEEK_TO_MIDDLE)
    if seek["seekable"] < duration - OGG_SLACK_S:
        problems.append(f"{tool}: only {seek['seekable']:.2f} s of {duration:.2f} s is seekable")
    if abs(seek["afterSeek"] - seek["middle"]) > 0.25 or seek["later"] < seek["middle"]:
        problems.append(f"{tool}: seeking to the middle ended at {seek} (jumped back?)")
    return duration, problems


@pytest.mark.django_db(transaction=True)
def test_every_tool_generates_with_its_defaults_and_the_audio_seeks(
    chromium, live_server, studio_models
):
    visit = open_page(chromium, viewport=LAPTOP)
    page = visit.page
    problems = []
    for tool in studio_slugs():
        page.goto(f"{live_server.url}/ja/studio/{tool}/")
        wait_for_studio(page)
        generate(page, "ja")
        error = page.locator(".studio-field-error:visible, .studio-error:visible")
        if error.count():
            problems.append(f"{tool}: {error.all_inner_texts()}")
            continue
        problems += check_first_variation(page, tool, "ja")
        problems += axe_violations(page, f"/ja/studio/{tool}/ with its results")
        visit.shot(f"studio-{tool}-ja")
    visit.close()
    problems += [f"script error: {error}" for error in visit.errors]
    assert not problems, "\n".join(problems)


ENGLISH_PHRASE = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")


@pytest.mark.django_db(transaction=True)
def test_mistakes_get_plain_japanese_messages_at_their_field(
    chromium, live_server, studio, tmp_path
):
    """Too many variations, and a file that is not MIDI: each is refused at its field, in
    Japanese (no English phrase, no programmer's quotes), and nothing is generated."""
    visit = open_page(chromium, viewport=LAPTOP)
    page = visit.page
    page.goto(f"{live_server.url}/ja/studio/generate/")
    wait_for_studio(page)
    page.get_by_label(words("ja", "Variations")).fill("50")
    page.get_by_role("button", name=words("ja", "Generate"), exact=True).click()
    field = page.locator("[data-field=variations] .studio-field-error")
    field.wait_for()
    problems = [f"variations=50: {field.inner_text()!r}"] if not plain_japanese(field) else []

    not_midi = tmp_path / "song.mid"
    not_midi.write_text("this is a text file, not MIDI", encoding="utf-8")
    page.goto(f"{live_server.url}/ja/studio/drumify/")
    wait_for_studio(page)
    page.get_by_role("radio", name=words("ja", "MIDI file")).check()
    page.locator("input[type=file][name=input]").set_input_files(str(not_midi))
    page.get_by_role("button", name=words("ja", "Generate"), exact=True).click()
    slot = page.locator("[data-slot=input] .studio-field-error")
    slot.wait_for()
    if not plain_japanese(slot):
        problems.append(f"a text file as MIDI: {slot.inner_text()!r}")
    if page.locator(".studio-variation").count():
        problems.append("a result appeared for refused input")
    visit.shot("studio-mistakes-ja")
    visit.close()
    assert not problems, "\n".join(problems)
    assert visit.errors == [] or all("HTTP 400" in e for e in visit.errors), visit.errors


def plain_japanese(locator) -> bool:
    text = locator.inner_text()
    return bool(JAPANESE.search(text)) and not ENGLISH_PHRASE.search(text) and "'" not in text


@pytest.mark.django_db(transaction=True)
def test_a_melody_sent_to_drumify_and_merged_into_one_midi(chromium, live_server, studio_models):
    visit = open_page(chromium, viewport=LAPTOP)
    page = visit.page
    page.goto(f"{live_server.url}/en/studio/generate/")
    wait_for_studio(page)
    generate(page, "en")
    melody = page.locator(".studio-variation").first
    melody.get_by_role("checkbox", name="Pick to merge").check()

    drumify_title = words("en", "Drumify")
    melody.get_by_role("link", name=drumify_title, exact=True).click()
    page.wait_for_url("**/en/studio/drumify/?input_job=*")
    wait_for_studio(page)
    assert page.get_by_role("radio", name=words("en", "Earlier output")).is_checked()
    generate(page, "en")
    drums = page.locator(".studio-variation").first
    drums.get_by_role("checkbox", name="Pick to merge").check()

    tray = page.get_by_role("complementary", name="Merge picked parts into one MIDI")
    parts = tray.get_by_role("listitem").all_inner_texts()
    assert len(parts) == 2, parts
    # Each part is named by its tool, not by a job id.
    assert parts[0].startswith(words("en", "Generate 4 bars")), parts
    assert parts[1].startswith(drumify_title), parts
    with page.expect_download() as download:
        tray.get_by_role("link", name="Merge picked parts into one MIDI").click()
    merged = pretty_midi.PrettyMIDI(download.value.path())
    assert sorted(track.is_drum for track in merged.instruments) == [False, True]
    visit.shot("studio-merge-en")
    assert axe_violations(page, "/en/studio/drumify/ with results and merge tray") == []
    visit.close()
    assert visit.errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_drums_drawn_in_the_step_editor_on_a_phone(chromium, live_server, studio_models, lang):
    visit = open_page(chromium, viewport=PHONE)
    page = visit.page
    page.goto(f"{live_server.url}/{lang}/studio/groove/")
    wait_for_studio(page)
    page.get_by_role("radio", name=words(lang, "Draw it")).check()
    grid = page.locator(".studio-grid")
    grid.wait_for()
    layout = grid.evaluate(
        """(grid) => {
          const shown = (e) => e.getBoundingClientRect().width > 0;
          const cells = [...grid.querySelectorAll('.studio-cell')].filter(shown);
          const labels = [...grid.querySelectorAll('.studio-grid-label')].filter(shown);
          const box = grid.parentElement;
          return {
            sideways: box.scrollWidth - box.clientWidth,
            smallest: Math.min(...cells.map((c) => Math.min(c.offsetWidth, c.offsetHeight))),
            cut: labels.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.innerText),
            outside: labels.filter((l) => l.getBoundingClientRect().left < 0).length,
            pageWidth: document.documentElement.scrollWidth,
          };
        }"""
    )
    visit.shot(f"studio-step-editor-{lang}-phone")
    assert layout["sideways"] <= 0, f"the grid scrolls sideways by {layout['sideways']} px"
    assert layout["smallest"] >= 24, f"cells as small as {layout['smallest']} px"
    assert layout["cut"] == [] and layout["outside"] == 0, layout
    assert layout["pageWidth"] <= PHONE["width"]

    rows = page.evaluate(
        "JSON.parse(document.getElementById('studio-config').textContent).drumRows"
    )
    kick, snare = rows[-1]["label"], rows[-2]["label"]
    for name, step in ((kick, 1), (snare, 3), (kick, 5), (snare, 7)):
        label = words(lang, "%(name)s, step %(step)s", "djangojs", name=name, step=step)
        cell = grid.get_by_role("button", name=label, exact=True)
        cell.click()
        assert cell.get_attribute("aria-pressed") == "true"
    generate(page, lang)
    assert page.locator(".studio-variation").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    visit.shot(f"studio-groove-result-{lang}-phone")
    assert axe_violations(page, f"/{lang}/studio/groove/ drawn, with results, phone") == []
    visit.close()
    assert visit.errors == []


@pytest.mark.django_db(transaction=True)
def test_a_melody_kept_to_a_key_and_scale_on_a_phone(chromium, live_server, studio_models):
    """A student on a phone picks D dorian for Generate on the trained model: every note of
    every variation's MIDI file is in D dorian, and the page shows the results without
    scrolling sideways."""
    visit = open_page(chromium, viewport=PHONE)
    page = visit.page
    page.goto(f"{live_server.url}/ja/studio/generate/?variations=3")
    wait_for_studio(page)
    page.select_option("select[name=key]", "D")
    page.select_option("select[name=scale]", "dorian")
    generate(page, "ja")
    variations = page.locator(".studio-variation")
    assert variations.count() == 3
    dorian = {2, 4, 5, 7, 9, 11, 0}
    played = []
    for index in range(3):
        url = variations.nth(index).locator("a.studio-midi").evaluate("(a) => a.href")
        midi = pretty_midi.PrettyMIDI(io.BytesIO(page.request.get(url).body()))
        played += [note.pitch % 12 for track in midi.instruments for note in track.notes]
    assert len(played) > 10 and set(played) <= dorian, sorted(set(played))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    visit.shot("studio-generate-dorian-ja-phone")
    visit.close()
    assert visit.errors == []
