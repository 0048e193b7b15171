"""JSON and image endpoints behind the lesson demos (/api/demos/...)."""

urlpatterns: list = []
