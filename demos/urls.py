"""JSON and image endpoints behind the lesson demos (/api/demos/...).

A refusal is worded in the request's language, by the studio API's rule (``api_language``: ?lang=,
the sending page, Accept-Language, then Japanese): see ``views.in_request_language``.
"""

from django.urls import path

from demos import views
from demos.response_cache import cached_by_address

app_name = "demos_api"

urlpatterns = [
    path(
        "sigmoid-grid",
        views.in_request_language(cached_by_address(views.sigmoid_grid_json)),
        name="sigmoid-grid",
    ),
    path(
        "sigmoid-grid.png",
        # A PNG costs a matplotlib render: tens of milliseconds of a web process's CPU.
        views.in_request_language(cached_by_address(views.sigmoid_grid_png)),
        name="sigmoid-grid-png",
    ),
    path("tf-graph", views.in_request_language(views.tf_graph_json), name="tf-graph"),
]
