"""Celery app for the studio's generation jobs: ``celery -A webapp worker -l info``.

Used only when ``CELERY_BROKER_URL`` is set (the embedded default runs jobs on a thread in the
server process). Settings come from Django settings prefixed ``CELERY_``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings")

app = Celery("kanade")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds courses/studio/tasks.py (the generation task) once Django's apps are ready.
app.autodiscover_tasks(["courses.studio"])
