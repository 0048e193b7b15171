"""Site-wide guards: things that must hold for every change."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_page_modules_do_not_import_tensorflow():
    import subprocess
    import sys

    code = (
        "import django, os, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','webapp.settings_test');"
        "django.setup();"
        "import webapp.urls;"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "print('tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
