"""What the studio's validation tests share: the rule-based models, the refusal check and the
guarantee that a refused submission stores nothing (autouse fixtures, imported by name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from studio.models import GenerationJob
from tests.studio_support import install_rule_engine


@pytest.fixture
def rule_engine(monkeypatch):
    return install_rule_engine(monkeypatch)


def upload(data: bytes, name: str = "clip.mid") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/midi")


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "studio"
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_rejected(response, field: str, code: str, status: int = 400) -> str:
    """Refused with a stable code and field, in plain words (no developer quoting), nothing
    stored; returns the message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert (body.get("field"), body["code"]) == (field, code), body
    assert body["message"] == body["error"] and body["message"].strip()
    assert f"'{field}'" not in body["message"]  # not "'input': …" developer wording
    assert body["errors"][0] == {"field": field, "code": code, "message": body["message"]}
    assert GenerationJob.objects.count() == 0
    return body["message"]


def english(client, tool: str, fields: dict):
    return client.post(f"/api/generate/{tool}?lang=en", fields)


@pytest.fixture(autouse=True)
def refusals_not_rate_limited(settings):
    """These tests send many refused forms from one address; the limit on those is tested with
    the rate limits, not here."""
    settings.KANADE_STUDIO_REFUSED_LIMIT = 1_000_000
    cache.clear()


@pytest.fixture(autouse=True)
def nothing_stored_before():
    before = set(stored_files())
    yield
    assert set(stored_files()) == before  # a rejected submission leaves no file behind
