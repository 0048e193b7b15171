"""What the studio's validation tests share: uploads, the refusal check, the stored files. Their
fixtures (no rate limit on refusals, nothing stored) are in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from studio.models import GenerationJob


def upload(data: bytes, name: str = "clip.mid") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/midi")


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "studio"
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_rejected(response, field: str, code: str, status: int = 400, jobs: int = 0) -> str:
    """Refused with a stable code and field, in plain words (no developer quoting), no job
    stored beyond the ``jobs`` already there; returns the message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert (body.get("field"), body["code"]) == (field, code), body
    assert body["message"] == body["error"] and body["message"].strip()
    assert f"'{field}'" not in body["message"]  # not "'input': …" developer wording
    assert body["errors"][0] == {"field": field, "code": code, "message": body["message"]}
    assert GenerationJob.objects.count() == jobs
    return body["message"]


def english(client, tool: str, fields: dict):
    return client.post(f"/api/generate/{tool}?lang=en", fields)


def assert_worded(words: str, lang: str, english: str, japanese: str) -> None:
    """A refusal's message in the asked language: the English words with no Japanese in
    them, or the Japanese words."""
    from tests.browser import JAPANESE

    if lang == "en":
        assert english in words and not JAPANESE.search(words), words
    else:
        assert japanese in words, words
