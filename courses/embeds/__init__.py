"""Embeds: iframe-ready demos and studio tools (/embed/), oEmbed (/oembed), teacher presets.

See docs/embeds.md. The system check for EMBED_FRAME_ANCESTORS is registered here, so a
malformed value stops `manage.py check` and the server's start instead of a first request.
"""

from django.core import checks

from courses.embeds.framing import check_frame_ancestors

checks.register(check_frame_ancestors, checks.Tags.security)
