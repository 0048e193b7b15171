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

from studio.models import GenerationJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """The limits count in fixed windows of wall-clock time: a test's requests must not straddle
    two windows (under load they once did, and the count started again)."""
    from types import SimpleNamespace

    from studio import ratelimit

    middle = 1000.5 * django_settings.KANADE_STUDIO_RATE_WINDOW_S
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: middle))


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


# --- per address: a client that drops its session cookie is still one client ----------------


def test_a_client_without_a_session_cookie_is_limited_by_its_address(rule_engine, settings):
    settings.KANADE_STUDIO_ADDRESS_RATE_LIMIT = 3
    for _ in range(3):
        assert Client().post("/api/generate/generate", {"variations": "1"}).status_code == 202
    refused = Client().post("/api/generate/generate?lang=en", {"variations": "1"})
    assert refused.status_code == 429 and refused.json()["code"] == "address_rate_limited"
    assert "your network" in refused.json()["message"] and refused["Retry-After"]
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/api/generate/generate", {"variations": "1"}).status_code == 202


def test_refused_uploads_count_toward_a_limit_checked_before_the_body_is_read(
    rule_engine, settings
):
    from django.test import RequestFactory

    from studio import ratelimit

    settings.KANADE_STUDIO_REFUSED_LIMIT = 2
    client = Client()
    for _ in range(2):
        assert client.post("/api/generate/generate", {"variations": "99"}).status_code == 400
    refused = client.post("/api/generate/generate?lang=en", {"variations": "1"})
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_refused"
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.8")
    for _ in range(5):
        ratelimit.count_refused_upload(request)  # once per request, whoever calls it
    assert ratelimit.refused_retry_after(request) is None
    ratelimit.count_refused_upload(RequestFactory().post("/", REMOTE_ADDR="192.0.2.8"))
    assert ratelimit.refused_retry_after(request) is not None


def test_queued_jobs_are_capped_per_session_and_per_address(rule_engine, settings):
    from django.test import RequestFactory

    from studio import ratelimit

    settings.KANADE_STUDIO_MAX_QUEUED_PER_SESSION = 2
    settings.KANADE_STUDIO_MAX_QUEUED_PER_CLIENT = 3
    client = Client()
    client.get("/en/studio/generate/")  # the page gives the session
    session = client.session.session_key
    here = ratelimit.client_key(RequestFactory().get("/"))  # the test client's 127.0.0.1
    for _ in range(2):
        GenerationJob.objects.create(tool="generate", session_key=session, client_key=here)
    mine = client.post("/api/generate/generate?lang=en", {"variations": "1"})
    assert mine.status_code == 429 and mine.json()["code"] == "too_many_waiting"
    assert "2 requests waiting" in mine.json()["message"]
    GenerationJob.objects.create(tool="generate", session_key="classmate", client_key=here)
    network = Client().post("/api/generate/generate?lang=en", {"variations": "1"})
    assert network.json()["code"] == "network_too_many_waiting"
    elsewhere = Client(REMOTE_ADDR="192.0.2.9").post("/api/generate/generate", {"variations": "1"})
    assert elsewhere.status_code == 202
    assert GenerationJob.objects.get(pk=elsewhere.json()["id"]).client_key != here


def test_the_client_address_comes_from_the_trusted_proxy_header_only(settings):
    from django.test import RequestFactory

    from studio.ratelimit import address_group, client_address

    def address(forwarded: str | None) -> str:
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **extra))

    assert address("203.0.113.5") == "10.0.0.1"  # no proxy configured: the header is ignored
    settings.KANADE_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.KANADE_TRUSTED_PROXY_COUNT = 1
    assert address("198.51.100.9, 203.0.113.5") == "203.0.113.5"  # the client wrote the first
    settings.KANADE_TRUSTED_PROXY_COUNT = 2
    assert address("198.51.100.9, 203.0.113.5") == "198.51.100.9"
    assert address("203.0.113.5") == "10.0.0.1"  # fewer hops than proxies: the connection
    assert address("not-an-address, 203.0.113.5") == "10.0.0.1"
    assert address_group("2001:db8:1:2:aaaa::1") == address_group("2001:db8:1:2:bbbb::2")
    assert address_group("2001:db8:1:3::1") != address_group("2001:db8:1:2::1")
    assert address_group("::ffff:192.0.2.1") == "192.0.2.1"
