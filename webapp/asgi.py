import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings")
application = get_asgi_application()

# The generation studio's job worker runs in the server process (docs/studio.md).
from studio.worker import ensure_embedded_worker  # noqa: E402

ensure_embedded_worker()
