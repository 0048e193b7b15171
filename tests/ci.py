"""Skips that are allowed on a developer's machine but never in CI.

CI (``CI=true``, as `.ci/run` is called) installs Chromium, FluidSynth and Node and runs
PostgreSQL and Redis, so a missing tool there is a failure to see, not a reason to skip.
"""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def skip_unless_available(missing: bool, reason: str) -> pytest.MarkDecorator:
    """``skipif(missing)`` outside CI; in CI the test runs and fails on what is missing."""
    return pytest.mark.skipif(missing and not IN_CI, reason=reason)
