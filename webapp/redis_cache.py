"""Django's Redis cache, degraded to "always a miss" while Redis does not answer.

The cache holds only what can be rebuilt (rendered lesson blocks, rate-limit counts), so a Redis
outage must not turn every page into a server error: reads miss, writes are dropped, and a
warning is logged (at most once a minute per process). Generation, which needs Redis as the
Celery broker, answers 503 on its own (studio/worker.py).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY_S = 60.0


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _degraded(self, operation: str, error: Exception, fallback):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > WARN_EVERY_S:
            ResilientRedisCache._last_warning = now
            logger.warning("cache %s failed, treating as a miss: %s", operation, error)
        return fallback

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._degraded("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._degraded("get_many", error, {})

    def set(self, key, value, timeout=None, version=None):  # noqa: A003 - Django's name
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return self._degraded("set", error, None)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._degraded("add", error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            return self._degraded("incr", error, delta)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._degraded("delete", error, False)
