"""URL map. Student pages are language-prefixed (/ja/, /en/); API, embeds and admin are not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from embeds.oembed import oembed
from webapp import views

urlpatterns = [
    # Demo presets moved from the courses app to the embeds app: old admin bookmarks still open.
    re_path(
        r"^admin/courses/demopreset/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/admin/embeds/demopreset/%(rest)s", permanent=True, query_string=True
        ),
    ),
    path("admin/", admin.site.urls),
    path("embed/", include("embeds.urls")),
    path("oembed", oembed, name="oembed"),
    path("api/demos/", include("demos.urls")),
    path("api/", include("studio.api_urls")),
    path("healthz", views.healthz, name="healthz"),
]

# The front end's interface text: the djangojs catalogue of the page's language, loaded as a
# classic script before the ES modules (static/js/i18n.js reads it).
javascript_catalog = cache_control(max_age=3600, public=True)(
    JavaScriptCatalog.as_view(domain="djangojs", packages=["courses"])
)

urlpatterns += i18n_patterns(
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("demos/", include("demos.page_urls")),
    path("studio/", include("studio.page_urls")),
    path("", include("courses.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
