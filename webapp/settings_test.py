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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Live-server tests share the test database between threads. A file (rather than shared-cache
    # memory, whose table locks fail at once) gives them WAL and the busy timeout, as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="kanade-test-db-"), "test.sqlite3")
    }
# Tests clear the cache; with REDIS_URL in the environment that would flush a shared Redis.
# Tests that need Redis start their own (tests/services_redis.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
KANADE_JOBS_EAGER = True  # jobs run in the test's thread, inside its transaction
KANADE_WORKER_WARMUP = False
# Playwright's wait_for_function evaluates its predicate with eval() inside the page, which the
# production policy refuses (no 'unsafe-eval'): browser tests run with eval allowed and every
# other directive as in production. tests/test_browser_csp.py and tests/test_csp.py check the
# production policy itself (PRODUCTION_CONTENT_SECURITY_POLICY).
PRODUCTION_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY  # noqa: F405
CONTENT_SECURITY_POLICY = {
    **PRODUCTION_CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **PRODUCTION_CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [
            *PRODUCTION_CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
            "'unsafe-eval'",
        ],
    },
}
