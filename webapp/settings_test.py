"""Settings for the test suite: the production settings module with a development key.

DATABASE_URL still applies, so the same suite runs on SQLite (default) or PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")

from webapp.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="kanade-test-media-")  # noqa: F405
SECURE_SSL_REDIRECT = False
# WhiteNoise looks for STATIC_ROOT at start-up; tests serve from the finders, so an empty one will do.
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405
KANADE_JOBS_EAGER = True  # jobs run in the test's thread, inside its transaction
KANADE_WORKER_WARMUP = False
