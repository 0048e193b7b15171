"""Language-prefixed standalone demo pages (/ja/demos/<slug>/)."""

urlpatterns: list = []
