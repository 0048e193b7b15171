"""/embed/… (mounted in webapp/urls.py without a language prefix: ?lang= picks the language)."""

from django.urls import path

from embeds import views

app_name = "embeds"

urlpatterns = [
    path("p/<str:code>/", views.embed_preset, name="preset"),
    path("<slug:slug>/", views.embed, name="demo"),
]
