"""Generation studio API (/api/generate/<tool>, /api/jobs/<id>, downloads, merge, examples).

Every view answers in the request's language (``api_language``: ?lang=, the sending page,
Accept-Language, Japanese)."""

from django.urls import path

from core.api_language import answers_in_request_language as localized
from studio import audio_views, views

app_name = "studio_api"

urlpatterns = [
    path("generate/<str:tool>", localized(views.generate), name="generate"),
    path("jobs/<str:job_id>", localized(views.job_detail), name="job"),
    # Media answers only files or 404: left unwrapped, so nothing varies their caching.
    path("jobs/<str:job_id>/variation-<int:number>.mid", views.output_midi, name="output_midi"),
    path("jobs/<str:job_id>/variation-<int:number>.ogg", views.output_audio, name="output_audio"),
    path("jobs/<str:job_id>/variation-<int:number>.wav", audio_views.output_wav, name="output_wav"),
    path(
        "jobs/<str:job_id>/preview-<slug:slot>-<int:number>.ogg",
        audio_views.output_preview,
        name="output_preview",
    ),
    path("jobs/<str:job_id>/inputs/<str:slot>.mid", views.input_midi, name="input_midi"),
    path("jobs/<str:job_id>/variations.zip", localized(views.variations_zip), name="zip"),
    path("studio/merge.mid", localized(views.merge), name="merge"),
    path("studio/examples/<slug:slug>.mid", localized(views.example_file), name="example"),
    path("studio/catalog", localized(views.catalog), name="catalog"),
]
