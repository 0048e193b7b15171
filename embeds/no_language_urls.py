"""An empty URLconf that embed and oEmbed responses point ``request.urlconf`` at (see i18n.py).

LocaleMiddleware and CommonMiddleware consult ``request.urlconf`` only when a response is a 404,
to look for a "better" URL; with nothing here, they find none and leave the 404 alone.
"""

urlpatterns: list = []
