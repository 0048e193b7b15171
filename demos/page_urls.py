"""Language-prefixed standalone demo pages (/ja/demos/<slug>/)."""

from django.urls import path

from demos import page_views

app_name = "demos"

urlpatterns = [
    path("", page_views.demo_index, name="index"),
    path("<slug:slug>/", page_views.demo_page, name="page"),
]
