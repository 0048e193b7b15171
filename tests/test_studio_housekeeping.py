"""Per-session rate limit (friendly 429) and cleanup_jobs (finished jobs and files deleted)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from courses.studio.models import GenerationJob
from tests.studio_support import install_rule_engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_engine(monkeypatch):
    return install_rule_engine(monkeypatch)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_rate_limit_per_session(rule_engine, settings):
    settings.KANADE_STUDIO_RATE_LIMIT = 2
    alice, bob = Client(), Client()
    for _ in range(2):
        assert alice.post("/api/generate/generate", {"variations": "1"}).status_code == 202
    refused = alice.post("/api/generate/generate?lang=en", {"variations": "1"})
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "rate_limited" and "try again in" in body["message"]
    in_japanese = alice.post("/api/generate/generate?lang=ja", {"variations": "1"}).json()
    assert in_japanese["code"] == "rate_limited" and "秒後" in in_japanese["message"]
    assert 1 <= body["retry_after"] <= settings.KANADE_STUDIO_RATE_WINDOW_S
    assert refused["Retry-After"] == str(body["retry_after"])
    assert GenerationJob.objects.count() == 2  # the refused one stored nothing
    assert bob.post("/api/generate/generate", {"variations": "1"}).status_code == 202


def test_invalid_submissions_do_not_use_up_the_limit(rule_engine, settings):
    settings.KANADE_STUDIO_RATE_LIMIT = 1
    client = Client()
    for _ in range(3):
        assert client.post("/api/generate/generate", {"variations": "99"}).status_code == 400
    assert client.post("/api/generate/generate", {"variations": "1"}).status_code == 202


def test_full_queue_is_refused(rule_engine, settings):
    settings.KANADE_STUDIO_MAX_QUEUED = 1
    GenerationJob.objects.create(tool="generate", session_key="other")
    response = Client().post("/api/generate/generate?lang=en", {"variations": "1"})
    assert response.status_code == 503
    assert response.json()["code"] == "queue_full" and "busy" in response.json()["message"]


def test_cleanup_jobs_deletes_old_finished_jobs_and_their_files(client, rule_engine, settings):
    settings.KANADE_JOB_RETENTION_DAYS = 3
    ids = [
        client.post(
            "/api/generate/continue", {"input_example": "melody", "variations": "2"}
        ).json()["id"]
        for _ in range(2)
    ]
    old, recent = (GenerationJob.objects.get(pk=i) for i in ids)
    GenerationJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=4))
    waiting = GenerationJob.objects.create(tool="generate", session_key="x")
    GenerationJob.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    folder = Path(django_settings.MEDIA_ROOT) / old.storage_folder
    assert len(list(folder.iterdir())) == 5  # input + 2 × (MIDI + OGG)

    call_command("cleanup_jobs", "--dry-run")
    assert GenerationJob.objects.filter(pk=old.pk).exists()
    from io import StringIO

    out = StringIO()
    call_command("cleanup_jobs", stdout=out)  # default: KANADE_JOB_RETENTION_DAYS = 3
    assert "Deleted 1 finished job(s) older than 3 day(s) and 5 file(s)." in out.getvalue()
    assert not folder.exists()
    assert set(GenerationJob.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert client.get(f"/api/jobs/{old.pk}").status_code == 404

    call_command("cleanup_jobs", "--days", "0", stdout=StringIO())
    assert set(GenerationJob.objects.values_list("pk", flat=True)) == {
        waiting.pk
    }  # never queued ones
