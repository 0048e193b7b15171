"""Embed and oEmbed 404s must stay 404s.

For a 404 on a path without a language prefix, LocaleMiddleware tries ``/ja/<path>`` and
redirects there when it resolves; the lesson pattern ``/ja/<course>/<lesson>/`` resolves
``/ja/embed/no-such-demo/`` and, with a slash added, ``/ja/oembed/``. A redirect would turn
"no such demo" into a site page that refuses to be framed, and an oEmbed 404 into a 302.
Pointing the request at an empty URLconf after the view ran makes that search find nothing.
"""

from functools import wraps

NO_LANGUAGE_URLCONF = "embeds.no_language_urls"


def keep_not_found(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 404:
            request.urlconf = NO_LANGUAGE_URLCONF
        return response

    return wrapper
