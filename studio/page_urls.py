"""Language-prefixed studio pages (/ja/studio/, /ja/studio/<tool>/)."""

from django.urls import path

from studio import views

app_name = "studio"

urlpatterns = [
    path("", views.studio_index, name="index"),
    path("<str:tool>/", views.tool_page, name="tool"),
]
