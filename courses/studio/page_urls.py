"""Language-prefixed studio pages (/ja/studio/)."""

urlpatterns: list = []
