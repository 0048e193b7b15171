"""Every message the studio can send exists in Japanese and English, in plain words, and follows
the request's language by one documented rule (studio/api_language.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from studio.messages import MESSAGES, word
from tests.browser import JAPANESE

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
SAMPLE = {"tool": "groove", "label": "Input clip", "size": 5_200_000, "limit": 1_000_000}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_is_worded_in_both_languages(code):
    params = {name: SAMPLE.get(name, 3) for name in PLACEHOLDER.findall(str(MESSAGES[code]))}
    with translation.override("en"):
        english = word(code, params)
    with translation.override("ja"):
        japanese = word(code, params)
    assert "%(" not in english and "%(" not in japanese
    assert JAPANESE.search(japanese) and not JAPANESE.search(english)
    assert english != str(MESSAGES["failed"]) or code == "failed"  # not the fallback
    assert not re.search(r"'\w+'", english)  # no developer quoting such as 'input'


def test_every_midi_error_the_reader_raises_has_a_message():
    """inference.music.midi_io (and midi_budget, its streaming reader) cannot import Django: their
    (code, reason) pairs are worded here."""
    nodes = [
        node
        for name in ("midi_io.py", "midi_budget.py")
        for node in ast.walk(
            ast.parse((ROOT / "inference" / "music" / name).read_text(encoding="utf-8"))
        )
    ]
    raised = set()
    for node in nodes:
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "MidiError":
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            reason = node.args[2] if len(node.args) > 2 else None
            if isinstance(reason, ast.IfExp):  # "only_drums" if kind == "melody" else "no_drums"
                raised |= {
                    f"{literals[0]}:{reason.body.value}",
                    f"{literals[0]}:{reason.orelse.value}",
                }
            elif isinstance(reason, ast.Constant):
                raised.add(f"{literals[0]}:{reason.value}")
            else:
                raised.add(literals[0])
    assert len(raised) >= 10, raised
    assert raised <= set(MESSAGES), raised - set(MESSAGES)


def test_an_unknown_code_still_says_something_true():
    with translation.override("en"):
        assert word("no-such-code") == "This could not be made. Please try again."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path,headers,language",
    [
        ("/api/generate/generate?lang=en", {}, "en"),
        ("/api/generate/generate?lang=ja", {"HTTP_REFERER": "http://x/en/studio/generate/"}, "ja"),
        ("/api/generate/generate", {"HTTP_REFERER": "http://x/en/studio/generate/"}, "en"),
        ("/api/generate/generate", {"HTTP_REFERER": "http://x/embed/generate/?lang=en"}, "en"),
        ("/api/generate/generate", {"HTTP_REFERER": "http://x/embed/generate/"}, "ja"),
        ("/api/generate/generate", {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, "en"),
        (
            "/api/generate/generate",
            {"HTTP_REFERER": "http://x/ja/studio/", "HTTP_ACCEPT_LANGUAGE": "en"},
            "ja",
        ),
        ("/api/generate/generate?lang=fr", {}, "ja"),
        ("/api/generate/generate", {}, "ja"),
    ],
)
def test_the_api_language_rule(client, path, headers, language):
    """?lang= first, then the sending page (its /ja/ or /en/ prefix, or an embed's ?lang=), then
    Accept-Language, then Japanese."""
    response = client.post(path, {"variations": "50"}, **headers)
    assert response.status_code == 400 and response["Content-Language"] == language
    expected = {
        "en": "“Variations” must be from 1 to 16 (you entered 50).",
        "ja": "「バリエーション数」は 1 から 16 までにしてください(入力: 50)。",
    }[language]
    assert response.json()["message"] == expected
    assert "Referer" in response["Vary"] and "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_rate_limit_and_a_busy_queue_speak_the_request_language(client, settings):
    settings.KANADE_STUDIO_MAX_QUEUED = 0
    busy = client.post("/api/generate/generate?lang=en", {})
    assert (busy.status_code, busy.json()["code"]) == (503, "queue_full")
    assert "The studio is busy right now (0 requests are waiting)" in busy.json()["message"]
    settings.KANADE_STUDIO_MAX_QUEUED = 200
    settings.KANADE_STUDIO_RATE_LIMIT = 0
    limited = client.post("/api/generate/generate", {})
    assert (limited.status_code, limited.json()["code"]) == (429, "rate_limited")
    assert "回「生成」を押しました" in limited.json()["message"]
    assert limited.json()["retry_after"] == int(limited["Retry-After"]) > 0
