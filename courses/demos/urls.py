"""JSON and image endpoints behind the lesson demos (/api/demos/...)."""

from django.urls import path

from courses.demos import views
from courses.demos.response_cache import cached_by_address

app_name = "demos_api"

urlpatterns = [
    path(
        "sigmoid-grid",
        cached_by_address(views.sigmoid_grid_json),
        name="sigmoid-grid",
    ),
    path(
        "sigmoid-grid.png",
        # A PNG costs a matplotlib render: tens of milliseconds of a web process's CPU.
        cached_by_address(views.sigmoid_grid_png),
        name="sigmoid-grid-png",
    ),
    path("tf-graph", views.tf_graph_json, name="tf-graph"),
]
