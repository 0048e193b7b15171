"""Generation studio API (/api/generate/<tool>, /api/jobs/<id>, downloads, merge, examples)."""

from django.urls import path

from courses.studio import views

app_name = "studio_api"

urlpatterns = [
    path("generate/<str:tool>", views.generate, name="generate"),
    path("jobs/<str:job_id>", views.job_detail, name="job"),
    path("jobs/<str:job_id>/variation-<int:number>.mid", views.output_midi, name="output_midi"),
    path("jobs/<str:job_id>/variation-<int:number>.ogg", views.output_audio, name="output_audio"),
    path("jobs/<str:job_id>/inputs/<str:slot>.mid", views.input_midi, name="input_midi"),
    path("jobs/<str:job_id>/variations.zip", views.variations_zip, name="zip"),
    path("studio/merge.mid", views.merge, name="merge"),
    path("studio/examples/<slug:slug>.mid", views.example_file, name="example"),
    path("studio/catalog", views.catalog, name="catalog"),
]
