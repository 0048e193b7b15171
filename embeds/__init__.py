"""Embeds: iframe-ready demos and studio tools (/embed/), oEmbed (/oembed), teacher presets.

See docs/embeds.md.
"""
