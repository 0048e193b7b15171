"""Standalone demo pages: /<lang>/demos/ lists every demo, /<lang>/demos/<slug>/ shows one.

A page mounts its demo through the registry's front-end contract, exactly as a lesson's demo
block does, so a demo that works here works in a lesson. Nothing here imports TensorFlow or
matplotlib: the demos that need them call the JSON API from the browser.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from core.translation import active_language
from demos.registry import PresetError, all_demos, get_demo


@require_GET
def demo_index(request: HttpRequest) -> HttpResponse:
    lang = active_language()
    demos = [{"slug": d.slug, "title": d.title(lang)} for d in all_demos()]
    return render(request, "demos/index.html", {"demos": demos})


@require_GET
def demo_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        demo = get_demo(slug)
    except PresetError:
        raise Http404(f"no demo called {slug!r}") from None
    context = {
        "demo": demo,
        "title": demo.title(active_language()),
        "module_url": static(demo.module),
        "state_json": json.dumps(demo.defaults(), ensure_ascii=False),
        "spec_json": demo.spec_json(),
    }
    return render(request, "demos/page.html", context)
