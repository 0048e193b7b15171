"""The Django project: settings, URL map, WSGI/ASGI entry points and the Celery app.

The Celery app is created here, as Celery's Django guide does, so that it is the *current* app
in every process: the apps publish through ``celery.current_app`` and define tasks with
``shared_task``, and never import this project (dependencies point web → apps → inference).
"""

from webapp.celery import app as celery_app

__all__ = ("celery_app",)
