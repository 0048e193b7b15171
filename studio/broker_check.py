"""Does the broker's Redis keep its data over a restart? Warn operators when it does not.

Jobs are never lost with it (the database is the source of truth and ``jobqueue`` re-sends queued
jobs no runner claimed), but a Redis without the append-only file loses every message sent since
its last snapshot on a restart, and those jobs then wait ``KANADE_JOB_RESEND_S`` longer. Debian's
redis-server takes only periodic snapshots by default; docs/deploy.md says what to configure.

Checked at start: by each Celery worker when it is ready, and as a Django system check
(``manage.py migrate``, ``runserver``, ``check``). Cheap (one CONFIG GET, or INFO persistence
where CONFIG is disabled) and silent when Redis cannot be asked at all.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import checks

logger = logging.getLogger(__name__)


def persistence_problem(url: str) -> str | None:
    """What is wrong with the persistence of the Redis at ``url``, or None (fine or unknown)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        try:
            appendonly = client.config_get("appendonly").get("appendonly", "")
            snapshots = client.config_get("save").get("save", "")
        except redis.ResponseError:  # CONFIG renamed or disabled (managed Redis)
            info = client.info("persistence")
            appendonly = "yes" if info.get("aof_enabled") else "no"
            snapshots = "?"
    except redis.RedisError as error:
        logger.debug("studio: could not ask the broker about persistence: %s", error)
        return None
    finally:
        client.close()
    if str(appendonly).lower() == "yes":
        return None
    if snapshots and snapshots != "?":
        return (
            f"the broker's Redis keeps only periodic snapshots (save {snapshots}), no "
            "append-only file: a restart loses the jobs queued since the last snapshot until "
            "they are re-sent (KANADE_JOB_RESEND_S). Set 'appendonly yes' (docs/deploy.md)."
        )
    return (
        "the broker's Redis does not persist anything (appendonly no"
        f"{', no snapshots' if snapshots != '?' else ''}): a restart loses every queued message "
        "until the jobs are re-sent (KANADE_JOB_RESEND_S). Set 'appendonly yes' (docs/deploy.md)."
    )


def _broker_url() -> str:
    if settings.KANADE_JOBS_EAGER:
        return ""
    return settings.CELERY_BROKER_URL or ""


def warn_if_broker_forgets() -> str | None:
    problem = persistence_problem(_broker_url()) if _broker_url() else None
    if problem:
        logger.warning("studio: %s", problem)
    return problem


@checks.register("kanade")
def broker_persistence_check(app_configs=None, **_kwargs):
    url = _broker_url()
    problem = persistence_problem(url) if url else None
    if not problem:
        return []
    return [checks.Warning(problem[0].upper() + problem[1:], id="kanade.W001")]
