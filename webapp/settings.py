"""Kanade settings, read from the environment (see docs/configuration.md).

The embedded default needs nothing: SQLite under var/, an in-process job worker.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and, as it grows,
DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.env import envbool, envheader, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("KANADE_VAR_DIR", str(BASE_DIR / "var")))

# TensorFlow is imported lazily by inference code; these keep its start-up quiet and repeatable.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-kanade-local-development-only-key-0123456789"

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "webapp.views.csrf_failure"  # JSON under /api/, a translated page elsewhere

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "demos.apps.DemosConfig",
    "studio.apps.StudioConfig",
    "embeds.apps.EmbedsConfig",
    "courses.apps.CoursesConfig",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "webapp.urls"
WSGI_APPLICATION = "webapp.wsgi.application"
ASGI_APPLICATION = "webapp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kanade.sqlite3'}"),
        # Persistent connections in production: opening a PostgreSQL connection per request
        # doubled page p95 under load (bench/load.py); health checks drop a dead one first.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default writes from web threads and the studio's job worker at once. WAL lets
    # readers (job polling) and a writer overlap; IMMEDIATE transactions queue writers instead of
    # failing them with "database is locked"; a writer waits up to 20 s for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Japanese first: it is the course's language; English is the second language of every page.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("DJANGO_TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# var/samples/ holds the studio's sound samples, rendered from the SoundFont by
# scripts/render_samples.py (make run / make test), not committed; served under static/.
SAMPLES_DIR = VAR_DIR / "samples"
STATICFILES_DIRS = [BASE_DIR / "static"] + ([SAMPLES_DIR] if SAMPLES_DIR.is_dir() else [])
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: MIDI files are small; anything bigger is refused before it is parsed.
MAX_UPLOAD_BYTES = envint("KANADE_MAX_UPLOAD_BYTES", 1_000_000, minimum=1)
# Audio inputs (the mastering tool): a 3-minute 16-bit stereo WAV is 32 MB; the reader's own
# budget (inference.mastering.MAX_BYTES, 64 MiB) stays the ceiling.
MAX_AUDIO_UPLOAD_BYTES = envint("KANADE_MAX_AUDIO_UPLOAD_BYTES", 64 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Generation studio (docs/studio.md). Jobs never run inside a web request: by default a worker
# thread in the server process runs them; with CELERY_BROKER_URL set, Celery workers do
# (`celery -A webapp worker`). KANADE_JOBS_EAGER runs them in the caller's thread (tests only).
KANADE_JOBS_EAGER = envbool("KANADE_JOBS_EAGER", False)
KANADE_WORKER_WARMUP = envbool("KANADE_WORKER_WARMUP", True)
KANADE_JOB_TIMEOUT_S = envint("KANADE_JOB_TIMEOUT_S", 600, minimum=1)
KANADE_JOB_RETENTION_DAYS = envint("KANADE_JOB_RETENTION_DAYS", 7, minimum=1)
KANADE_STUDIO_RATE_LIMIT = envint("KANADE_STUDIO_RATE_LIMIT", 12, minimum=1)  # per session...
KANADE_STUDIO_RATE_WINDOW_S = envint("KANADE_STUDIO_RATE_WINDOW_S", 60, minimum=1)  # ...per window
KANADE_STUDIO_MAX_QUEUED = envint("KANADE_STUDIO_MAX_QUEUED", 200, minimum=1)
# Per client address (a whole classroom behind one school router is one address, hence generous):
# accepted submissions per window, refused ones (bad uploads) per window, and jobs waiting at once.
KANADE_STUDIO_ADDRESS_RATE_LIMIT = envint("KANADE_STUDIO_ADDRESS_RATE_LIMIT", 120, minimum=1)
KANADE_STUDIO_REFUSED_LIMIT = envint("KANADE_STUDIO_REFUSED_LIMIT", 60, minimum=1)
KANADE_STUDIO_MAX_QUEUED_PER_CLIENT = envint("KANADE_STUDIO_MAX_QUEUED_PER_CLIENT", 40, minimum=1)
KANADE_STUDIO_MAX_QUEUED_PER_SESSION = envint("KANADE_STUDIO_MAX_QUEUED_PER_SESSION", 4, minimum=1)
# Behind a reverse proxy every request comes from the proxy: name the header it sets
# (X-Forwarded-For) and how many proxies append to it; the client is the address the outermost
# trusted proxy saw. Unset: the connection's own address (REMOTE_ADDR).
KANADE_TRUSTED_PROXY_HEADER = envheader("KANADE_TRUSTED_PROXY_HEADER")
KANADE_TRUSTED_PROXY_COUNT = envint("KANADE_TRUSTED_PROXY_COUNT", 1, minimum=1, maximum=10)
if os.environ.get("KANADE_TRUSTED_PROXY_COUNT", "").strip() and not KANADE_TRUSTED_PROXY_HEADER:
    raise ImproperlyConfigured(
        "KANADE_TRUSTED_PROXY_COUNT is set but KANADE_TRUSTED_PROXY_HEADER is not: name the "
        "header your proxies set (e.g. X-Forwarded-For), or unset both."
    )
# A running job holds a lease its runner renews every KANADE_JOB_LEASE_S / 3 seconds; when it runs
# out (the runner was killed) the job goes back to the front of the queue, at most
# KANADE_JOB_MAX_ATTEMPTS runs in all. A queued job no runner claimed within KANADE_JOB_RESEND_S is
# sent to the broker again (a Redis that lost its data).
KANADE_JOB_LEASE_S = envint("KANADE_JOB_LEASE_S", 15, minimum=3)
KANADE_JOB_MAX_ATTEMPTS = envint("KANADE_JOB_MAX_ATTEMPTS", 2, minimum=1)
KANADE_JOB_RESEND_S = envint("KANADE_JOB_RESEND_S", 30, minimum=1)
KANADE_SOUNDFONT = envstr("KANADE_SOUNDFONT", "")  # default: the GM SoundFont pretty_midi ships
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "")
CELERY_TASK_IGNORE_RESULT = True
# A job's message is acknowledged only when the job has finished, so a worker killed mid-job
# leaves it in Redis: a worker child lost under prefork rejects it back at once; a whole worker
# killed gets it back from Redis after the visibility timeout. The task then retries the job
# once (studio/tasks.py). The timeout must outlast a job, or a slow job would be handed out
# twice (harmless: run_job claims a job once, but the second copy would wait for nothing).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # generation jobs are long: one at a time per process
CELERY_VISIBILITY_TIMEOUT_S = envint(
    "CELERY_VISIBILITY_TIMEOUT_S", KANADE_JOB_TIMEOUT_S + 60, minimum=1
)
if CELERY_VISIBILITY_TIMEOUT_S <= KANADE_JOB_TIMEOUT_S:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT_S ({CELERY_VISIBILITY_TIMEOUT_S}) must be longer than "
        f"KANADE_JOB_TIMEOUT_S ({KANADE_JOB_TIMEOUT_S}): a running job would be handed out twice."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_S,
    # How often a worker looks for messages whose worker died (default: every 100 s).
    "unacked_restore_interval": envint("CELERY_RESTORE_INTERVAL_S", 10, minimum=1),
    "unacked_restore_throttle": 1,
}
# With Redis down, a submission must fail fast (503) rather than hang the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Cache (the studio's rate limit counts in it): per process by default; with REDIS_URL (or
# CACHE_URL) every web process shares one count.
CACHE_URL = envstr("CACHE_URL", "") or envstr("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "webapp.redis_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kanade",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }

# Security headers. Frames are denied everywhere except the embed routes, which opt out per view.
X_FRAME_OPTIONS = "DENY"
# Embed routes (/embed/, docs/embeds.md) may be framed: by any site unless this names the allowed
# origins (space- or comma-separated), sent as CSP frame-ancestors (embeds/framing.py).
EMBED_FRAME_ANCESTORS = envstr("KANADE_EMBED_FRAME_ANCESTORS", "")
# Content-Security-Policy on every response (django-csp; docs/deploy.md). Scripts and styles
# come from this site's files; the few inline ones (a framed studio tool's first line, an embed's
# ?controls= <style>) carry the response's nonce, sent only with their pages. data:/blob: images
# and media: canvas PNG downloads, the studio's audio, the favicon; data: fonts: KaTeX. Pages may
# not be framed: embed routes replace frame-ancestors (embeds/framing.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY", False) else None
)
_secure_default = not DEBUG
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", _secure_default)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", _secure_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31_536_000 if _secure_default else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", _secure_default)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", _secure_default)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("DJANGO_LOG_LEVEL", "INFO")},
}
