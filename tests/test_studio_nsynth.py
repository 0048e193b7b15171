"""The NSynth tool on the committed weights through the API: a real blend of two SoundFont
notes (four WAV/OGG files, spectrograms, centroids, the keyboard sprite), every refusal in
Japanese and English with nothing stored, and the page in both languages."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import soundfile

from inference.nsynth import metrics
from inference.shared.checkpoints import has_weights
from studio.models import GenerationJob
from studio.tools.nsynth import INSTRUMENTS, keyboard_pitches
from tests.studio_validation_support import assert_rejected, assert_worded, stored_files

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not has_weights("nsynth"), reason="the nsynth weights are not here"),
]


def body(client, url: str) -> bytes:
    return b"".join(client.get(url).streaming_content)


@pytest.fixture(scope="module")
def blended(django_db_setup, django_db_blocker):
    """One real job (piano and flute at C4, mix 0.5), shared by the tests that read it."""
    from django.test import Client

    with django_db_blocker.unblock():
        client = Client()
        fields = {"a": "piano", "b": "flute", "mix": "0.5", "pitch": "60", "velocity": "100"}
        response = client.post("/api/generate/nsynth?lang=en", fields)
        assert response.status_code == 202, response.content
        job = client.get(response.json()["url"] + "?lang=en").json()
        assert job["status"] == "done", job["error"]
        files = {}
        for output in job["outputs"]:
            role = output["report"]["role"]
            files[role] = {"wav": body(client, output["wav"]), "ogg": body(client, output["audio"])}
            if output["previews"].get("keys"):
                files["keys"] = body(client, output["previews"]["keys"])
        yield job, files
        GenerationJob.objects.filter(pk=job["id"]).delete()


def test_a_blend_makes_four_sounds_with_spectrograms(blended):
    job, files = blended
    assert job["tool_name"] == "NSynth" and "zip" not in job
    print("timings", job["timings"], job["outputs"][0]["report"]["timings"])
    roles = [output["report"]["role"] for output in job["outputs"]]
    assert roles == ["blend", "a", "b", "crossfade"]
    for output in job["outputs"]:
        report = output["report"]
        assert output["midi"] is None and output["wav"] and output["audio"]
        spectrogram = report["spectrogram"]
        cells = np.frombuffer(base64.b64decode(spectrogram["data"]), np.uint8)
        assert cells.size == spectrogram["columns"] * spectrogram["bands"] == 125 * 64
        assert cells.max() > 200 and cells.min() < 50  # the note's partials and its silences
        assert 50 < report["centroid_hz"] < 8000 and report["peak_dbfs"] <= -0.9
    for role in ("blend", "a", "b", "crossfade"):
        audio, rate = soundfile.read(io.BytesIO(files[role]["wav"]))
        assert rate == 16_000 and len(audio) == 64_000
        assert soundfile.info(io.BytesIO(files[role]["ogg"])).format == "OGG"


def test_the_blend_is_not_the_crossfade(blended):
    job, files = blended
    reports = {output["report"]["role"]: output["report"] for output in job["outputs"]}
    blend, _ = soundfile.read(io.BytesIO(files["blend"]["wav"]))
    crossfade, _ = soundfile.read(io.BytesIO(files["crossfade"]["wav"]))
    a, _ = soundfile.read(io.BytesIO(files["a"]["wav"]))
    b, _ = soundfile.read(io.BytesIO(files["b"]["wav"]))
    # The crossfade is exactly the two real notes mixed; the blend is a decoded new sound.
    assert np.max(np.abs(crossfade - 0.5 * (a + b))) < 1e-3
    assert reports["blend"]["blend_vs_crossfade_db"] > 1.0
    assert reports["blend"]["centroid_hz"] != reports["crossfade"]["centroid_hz"]


def test_the_keyboard_is_one_sprite_of_every_pitch(blended):
    job, files = blended
    keyboard = job["outputs"][0]["report"]["keyboard"]
    assert keyboard["pitches"] == list(range(60, 85))  # piano ∩ flute is 60-84
    audio, rate = soundfile.read(io.BytesIO(files["keys"]))
    assert rate == 16_000
    assert abs(len(audio) - len(keyboard["pitches"]) * keyboard["slot_s"] * rate) < rate // 10
    # Each slot holds a note: none of them silent.
    slot = int(keyboard["slot_s"] * rate)
    for index in range(len(keyboard["pitches"])):
        assert np.abs(audio[index * slot : index * slot + slot // 2]).max() > 0.01


@pytest.mark.usefixtures("refusals_not_rate_limited")
def test_four_instruments_on_the_pad(client):
    """C and D make a 2-D pad: six sounds, and the crossfade is the bilinear mix of the four."""
    fields = {"a": "piano", "b": "flute", "c": "violin", "d": "church-organ", "mix": "0.25",
              "y": "0.75", "pitch": "67", "velocity": "75"}  # fmt: skip
    response = client.post("/api/generate/nsynth?lang=en", fields)
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"] + "?lang=en").json()
    assert job["status"] == "done", job["error"]
    reports = [output["report"] for output in job["outputs"]]
    assert [r["role"] for r in reports] == ["blend", "a", "b", "c", "d", "crossfade"]
    assert reports[0]["y"] == 0.75 and reports[0]["c"] == "violin"
    assert reports[0]["keyboard"]["pitches"] == list(range(60, 84))  # all four share 60-83
    sounds = {
        r["role"]: soundfile.read(io.BytesIO(body(client, o["wav"])))[0]
        for r, o in zip(reports, job["outputs"], strict=True)
    }
    weights = {"a": 0.75 * 0.25, "b": 0.25 * 0.25, "c": 0.75 * 0.75, "d": 0.25 * 0.75}
    mixed = sum(weight * sounds[role] for role, weight in weights.items())
    assert np.max(np.abs(sounds["crossfade"] - mixed)) < 1e-3
    GenerationJob.objects.filter(pk=job["id"]).delete()


def test_keyboard_pitches_stay_in_range():
    assert keyboard_pitches(60, 60, 84) == list(range(60, 85))
    assert keyboard_pitches(50, 36, 55) == list(range(36, 56))
    assert keyboard_pitches(70, 45, 96) == list(range(58, 83))
    assert INSTRUMENTS["pan-flute"].held_out and not INSTRUMENTS["piano"].held_out


REFUSALS = {
    "unknown_instrument": (
        {"a": "kazoo", "b": "flute", "pitch": "60"},
        "a",
        "not_a_choice",
        "Choose “Instrument A” from",
        "「楽器 A」は次から選んでください",
    ),
    "pitch_out_of_range": (
        {"a": "piano", "b": "flute", "pitch": "40"},
        "pitch",
        "pitch_outside_instruments",
        "must be from 60 (C4) to 84 (C6), the pitches that Piano / Flute can all play",
        "ピアノ / フルート がすべて出せる 60 (C4) から 84 (C6) の範囲",
    ),
    "no_common_pitch": (
        {"a": "flute", "b": "finger-bass", "pitch": "60"},
        "b",
        "no_common_pitch",
        "no pitch in common: Flute (60 (C4)–96 (C7)) / Bass (fingered) (28 (E1)–55 (G3))",
        "共通して出せる音の高さがありません：フルート (60 (C4)–96 (C7)) / ベース（指弾き）",
    ),
    "pad_needs_both": (
        {"a": "piano", "b": "flute", "c": "violin", "pitch": "60"},
        "d",
        "pad_needs_both",
        "For the pad, choose both “Pad: instrument C” and “Pad: instrument D”",
        "「パッド：楽器 C」と「パッド：楽器 D」を両方選ぶか",
    ),
    "pad_pitch_out_of_range": (
        {"a": "piano", "b": "flute", "c": "violin", "d": "cello", "pitch": "85"},
        "pitch",
        "pitch_outside_instruments",
        "must be from 60 (C4) to 83 (B5), the pitches that Piano / Flute / Violin / Cello",
        "ピアノ / フルート / バイオリン / チェロ がすべて出せる",
    ),
    "mix_too_big": (
        {"a": "piano", "b": "flute", "pitch": "60", "mix": "2.0"},
        "mix",
        "out_of_range",
        "“Mix (A → B)” must be from 0 to 1 (you entered 2.0)",
        "「ミックス（A → B）」は 0 から 1 まで",
    ),
}


@pytest.mark.usefixtures("refusals_not_rate_limited", "nothing_stored_before")
@pytest.mark.parametrize("case", sorted(REFUSALS))
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_each_refusal_is_worded_on_its_field_and_stores_nothing(client, case, lang):
    fields, field, code, english, japanese = REFUSALS[case]
    before, jobs = stored_files(), GenerationJob.objects.count()  # the shared job may be there
    response = client.post(f"/api/generate/nsynth?lang={lang}", fields)
    words = assert_rejected(response, field, code, jobs=jobs)
    assert_worded(words, lang, english, japanese)
    assert stored_files() == before


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_page_lists_the_catalogue_and_explains_the_tool(client, lang):
    page = client.get(f"/{lang}/studio/nsynth/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="a"' in html and 'name="b"' in html and 'name="mix"' in html
    assert "WaveNet" in html and "DDSP" in html and "NSynth Super" in html
    if lang == "ja":
        assert "ピアノ" in html and "パンフルート（テスト用" in html
    else:
        assert "Pan flute (test: never heard in training)" in html
    index = client.get(f"/{lang}/studio/").content.decode()
    assert f"/{lang}/studio/nsynth/" in index


def test_the_lessons_preset_is_valid_and_its_blend_moves_as_the_lesson_says(client):
    """Lesson 5's NSynth block opens the tool with a teacher's preset: the studio must accept
    it as it is, and what the lesson tells students to listen for must be true of the committed
    weights: over mix 0 ... 1 the blend's centroid moves from the guitar's towards the violin's."""
    import tomllib
    from pathlib import Path

    from django.http import QueryDict

    from studio.forms import validate
    from studio.tools import get_tool

    lesson = (
        Path(__file__).resolve().parent.parent / "courses/content/ai-composition/lesson-05.toml"
    )
    blocks = tomllib.loads(lesson.read_text(encoding="utf-8"))["blocks"]
    presets = [b["tool_preset"] for b in blocks if b.get("tool") == "nsynth"]
    assert len(presets) == 1, presets
    query = QueryDict(presets[0])
    validate(get_tool("nsynth"), query, {})  # raises if the preset is refused
    assert client.get(f"/embed/nsynth/?{presets[0]}").status_code == 200
    blends, a, b = _blend_centroids(query["a"], query["b"], int(query["pitch"]))
    assert metrics.monotonic_towards(blends, a, b), (blends, a, b)
    assert blends[-1] > blends[0] * 1.1, blends


def test_the_studios_default_pair_blends_from_a_towards_b():
    """The pair a student sees first: over mix 0 ... 1 the blend's centroid moves the way the
    real notes' centroids go, from A's brightness towards B's."""
    from studio.tools import get_tool

    defaults = {field.name: field.default for field in get_tool("nsynth").fields}
    blends, a, b = _blend_centroids(defaults["a"], defaults["b"], int(defaults["pitch"]))
    assert metrics.monotonic_towards(blends, a, b), (blends, a, b)


def _blend_centroids(a: str, b: str, pitch: int):
    """Blend centroids over mix 0, 0.25 ... 1, and the real notes' centroids."""
    from inference.nsynth.pair import blend_pair

    programs = [INSTRUMENTS[a].program, INSTRUMENTS[b].program]
    results = [
        blend_pair(programs, pitch, 100, mix, [pitch]) for mix in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    blends = [result.measured["blend"]["centroid_hz"] for result in results]
    real = results[0].measured
    return blends, real["a"]["centroid_hz"], real["b"]["centroid_hz"]
