"""JSON and image endpoints behind the lesson demos (/api/demos/...)."""

from django.urls import path

from courses.demos import views

app_name = "demos_api"

urlpatterns = [
    path("sigmoid-grid", views.sigmoid_grid_json, name="sigmoid-grid"),
    path("sigmoid-grid.png", views.sigmoid_grid_png, name="sigmoid-grid-png"),
    path("tf-graph", views.tf_graph_json, name="tf-graph"),
]
