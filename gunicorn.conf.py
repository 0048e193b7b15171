"""gunicorn configuration, read from the environment: ``gunicorn -c gunicorn.conf.py webapp.wsgi``
(``make serve``). See docs/deploy.md.

GUNICORN_BIND     where to listen (default 127.0.0.1:8000; a socket path as unix:/run/kanade.sock)
GUNICORN_WORKERS  processes (default 2 × cores + 1, at most 8)
GUNICORN_THREADS  threads per process (default 4: requests mostly wait on the database)
GUNICORN_TIMEOUT  seconds before a silent worker is restarted (default 30)
GUNICORN_BACKLOG  pending connections the kernel keeps (default 2048: a class pressing at once)

Generation never runs in a web process here: set CELERY_BROKER_URL and run ``make worker``.
Without a broker, each gunicorn process starts its own embedded worker thread on the first studio
request (fine on one small machine, but every process then loads its own models).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be an integer; got {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1; got {value}")
    return value


wsgi_app = "webapp.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(8, multiprocessing.cpu_count() * 2 + 1))
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
backlog = _int("GUNICORN_BACKLOG", 2048)
graceful_timeout = 30
# Restart processes now and then so a slow leak cannot grow forever; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" logs requests to stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
