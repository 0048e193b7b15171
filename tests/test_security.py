"""Security: the admin is for teachers only, a session sees only its own jobs, CSRF guards every
form post (the studio's API included), download names cannot walk the file system, teacher
content cannot run script in students' browsers, and `check --deploy` is clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from studio.models import GenerationJob
from tests.studio_support import install_rule_engine

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def rule_engine(monkeypatch, settings, tmp_path):
    settings.KANADE_SOUNDFONT = str(tmp_path / "none.sf2")  # no audio needed here
    return install_rule_engine(monkeypatch)


def generate(client: Client, **fields) -> str:
    response = client.post(
        "/api/generate/continue", {"input_example": "melody", "variations": "1", **fields}
    )
    assert response.status_code == 202, response.content
    return response.json()["id"]


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/admin/courses/lesson/", "/admin/auth/user/"])
def test_students_cannot_reach_the_admin(path):
    anonymous = Client()
    response = anonymous.get(path)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # A signed-in account that is not staff gets the login page too, never the admin.
    user = User.objects.create_user("pupil", password="a-long-pupil-password-42")
    pupil = Client()
    pupil.force_login(user)
    response = pupil.get(path)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_teachers_cannot_manage_accounts(teacher_client):
    assert teacher_client.get("/admin/").status_code == 200
    assert teacher_client.get("/admin/auth/user/").status_code == 403


# --- jobs belong to a session -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_sees_only_its_own_jobs(rule_engine):
    alice, bob = Client(), Client()
    alice_job = generate(alice)
    bob_job = generate(bob)
    alice_page = alice.get("/en/studio/").content.decode()
    bob_page = bob.get("/en/studio/").content.decode()
    assert alice_job in alice_page and bob_job not in alice_page
    assert bob_job in bob_page and alice_job not in bob_page
    # The job's JSON never carries the owner's session key (it would hijack the session).
    job = GenerationJob.objects.get(pk=alice_job)
    body = bob.get(f"/api/jobs/{alice_job}").content.decode()
    assert job.session_key not in body
    # Ids are 128 random bits: neighbours, prefixes and sequential guesses find nothing.
    assert len(alice_job) >= 22
    for guess in (alice_job[:-1], alice_job[:8], alice_job.upper(), "1", "2", str(job.pk)[::-1]):
        if guess != alice_job:
            assert bob.get(f"/api/jobs/{guess}").status_code == 404
            assert bob.get(f"/api/jobs/{guess}/variation-1.mid").status_code == 404


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_jobs_never_list_globally(rule_engine):
    client = Client()
    generate(client)
    assert client.cookies["sessionid"]["httponly"]
    # No route lists every job: the API root and a bare /api/jobs/ are not listings.
    for path in ("/api/jobs/", "/api/", "/api/jobs"):
        response = client.get(path, follow=True)
        assert response.status_code == 404


# --- CSRF -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_studio_api_enforces_csrf_and_the_page_sends_the_token(rule_engine):
    browser = Client(enforce_csrf_checks=True)
    data = {"input_example": "melody", "variations": "1"}
    refused = browser.post("/api/generate/continue", data)
    assert refused.status_code == 403
    assert GenerationJob.objects.count() == 0
    page = browser.get("/en/studio/continue/")
    token = browser.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    wrong = browser.post("/api/generate/continue", data, HTTP_X_CSRFTOKEN="x" * 32)
    assert wrong.status_code == 403
    accepted = browser.post("/api/generate/continue", data, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 202
    # The page's script sends the token the way the server checks it.
    script = (ROOT / "static/studio/studio.js").read_text(encoding="utf-8")
    assert '"X-CSRFToken"' in script and "csrfmiddlewaretoken" in script


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers,query,language,words",
    [
        ({}, "?lang=en", "en", "security token (CSRF)"),
        ({"HTTP_REFERER": "http://testserver/en/studio/groove/"}, "", "en", "X-CSRFToken"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, "", "en", "Reload the page"),
        ({}, "", "ja", "確認用トークン(CSRF)"),
    ],
)
def test_a_csrf_failure_under_api_is_json_in_the_request_language(headers, query, language, words):
    refused = Client(enforce_csrf_checks=True).post(f"/api/generate/groove{query}", {}, **headers)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/json"
    body = refused.json()
    assert body["code"] == "csrf_failed" and words in body["message"]
    assert body["error"] == body["message"] and refused["Content-Language"] == language


@pytest.mark.django_db
def test_a_csrf_failure_on_a_page_is_a_translated_html_page():
    browser = Client(enforce_csrf_checks=True)
    japanese = browser.post("/ja/studio/groove/", {})
    english = browser.post("/en/studio/groove/", {})
    assert japanese.status_code == english.status_code == 403
    assert japanese["Content-Type"].startswith("text/html")
    assert "フォームを送れませんでした" in japanese.content.decode()
    assert "The form could not be sent" in english.content.decode()


@pytest.mark.django_db
def test_admin_forms_enforce_csrf(teacher, make_lesson):
    lesson = make_lesson()
    browser = Client(enforce_csrf_checks=True)
    login = browser.post(
        "/admin/login/", {"username": "teacher", "password": "a-long-teacher-password-42"}
    )
    assert login.status_code == 403
    browser.force_login(teacher)
    edit = browser.post(f"/admin/courses/lesson/{lesson.pk}/change/", {"title_en": "hacked"})
    assert edit.status_code == 403
    lesson.refresh_from_db()
    assert lesson.title_en != "hacked"


# --- downloads ------------------------------------------------------------------------------------

SAFE_DISPOSITION = re.compile(
    r'^attachment; filename="kanade-[a-z-]+-[A-Za-z0-9_-]{8}-[a-z0-9-]+\.(mid|zip)"$'
)


@pytest.mark.django_db
def test_download_names_cannot_walk_the_file_system(rule_engine):
    client = Client()
    job_id = generate(client)
    for path in (
        f"/api/jobs/{job_id}/variation-1.mid",
        f"/api/jobs/{job_id}/inputs/input.mid",
        f"/api/jobs/{job_id}/variations.zip",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert SAFE_DISPOSITION.match(response["Content-Disposition"]), response[
            "Content-Disposition"
        ]
    for attack in (
        f"/api/jobs/{job_id}/inputs/..%2F..%2F..%2Fwebapp%2Fsettings.mid",
        f"/api/jobs/{job_id}/inputs/%2e%2e.mid",
        f"/api/jobs/{job_id}/inputs/..\\..\\settings.mid",
        f"/api/jobs/..%2F{job_id}/variation-1.mid",
        "/api/studio/examples/..%2F..%2Fmanage.mid",
        f"/api/jobs/{job_id}/variation-0.mid",
        f"/api/jobs/{job_id}/variation--1.mid",
    ):
        response = client.get(attack)
        assert response.status_code == 404, attack
    merge = client.get(
        "/api/studio/merge.mid", {"part": [f"{job_id}:../../etc/passwd", f"{job_id}:0"]}
    )
    assert merge.status_code == 400 and merge.json()["field"] == "part"
    # An upload's own name is only ever recorded as text, never used as a path.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.studio_support import melody_clip, midi

    upload = SimpleUploadedFile("../../../../tmp/evil.mid", midi(melody_clip()), "audio/midi")
    response = client.post("/api/generate/continue", {"input": upload, "variations": "1"})
    assert response.status_code == 202
    job = GenerationJob.objects.get(pk=response.json()["id"])
    assert job.inputs["input"]["file"] == f"studio/{job.id}/input-input.mid"
    assert not Path("/tmp/evil.mid").exists()


# --- teacher content ------------------------------------------------------------------------------

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '"><script>alert(2)</script>',
]


# The interface text for the page's modules (Django's JavaScriptCatalog), one per language.
CATALOGUE_SCRIPTS = {"/ja/jsi18n/", "/en/jsi18n/"}


class ActiveContent(HTMLParser):
    """Collects what could run script: inline scripts, event handlers, javascript: URLs, frames,
    style blocks. The site's own scripts (src under /static/, the JS catalogue, JSON data) are allowed."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            src = values.get("src") or ""
            own = (
                src.startswith("/static/")
                or src in CATALOGUE_SCRIPTS
                or values.get("type")
                in (
                    "application/json",
                    "importmap",
                    "module",
                )
            )
            self._in_script = not own
            if not own:
                self.found.append(f"<script {values}>")
        if tag in ("iframe", "object", "embed", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text/html")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


@pytest.mark.django_db
def test_teacher_content_cannot_inject_script(make_lesson):
    attack = "\n\n".join(ATTACKS)
    lesson = make_lesson(
        title_en=ATTACKS[-1],
        summary_en=ATTACKS[0],
        blocks=[
            {"kind": "markdown", "body_ja": attack, "body_en": attack},
            {"kind": "callout", "style": "tip", "body_ja": attack, "body_en": attack},
            {
                "kind": "code",
                "language": "python",
                "source": attack,
                "caption_en": ATTACKS[1],
                "caption_ja": ATTACKS[0],
            },
        ],
    )
    for lang in ("ja", "en"):
        page = Client().get(f"/{lang}/{lesson.course.slug}/{lesson.slug}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert active_content(html) == []
        assert "&lt;script&gt;" in html  # shown as text (the code block, the title)
    course_page = Client().get(f"/en/{lesson.course.slug}/").content.decode()
    assert active_content(course_page) == []


def test_the_checker_finds_what_it_looks_for():
    found = active_content(
        "".join(ATTACKS[:2]) + '<a href="javascript:x">a</a><script src="/static/a.js"></script>'
    )
    assert found == ["<script {}>", "img onerror=", "a href=javascript:x"]


# --- deployment check -----------------------------------------------------------------------------


def test_check_deploy_is_clean(tmp_path):
    # Production's environment, not the test run's: live-server tests export DJANGO_ALLOW_ASYNC_UNSAFE.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KANADE_"))}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "webapp.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k8Zq3vN1pT7xW2bR9mL4cF6hJ0sD5gY8uA3eI7oP1nV6tX9zQw",
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "KANADE_VAR_DIR": str(tmp_path),
    }
    assert len(env["DJANGO_SECRET_KEY"]) == 50
    (tmp_path / "static").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
