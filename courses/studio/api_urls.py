"""Generation studio API (/api/generate/<tool>, /api/jobs/<id>)."""

urlpatterns: list = []
