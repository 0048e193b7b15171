"""JSON and image endpoints behind the lesson demos (/api/demos/...).

Every bad parameter gets HTTP 400 with ``{"error": "..."}`` naming the parameter, worded in the
request's language (urls.py wraps each view in the studio API's language rule).
TensorFlow and matplotlib are imported by the functions that need them, not here.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.api_language import answers_in_request_language
from demos import catalog, sigmoid_grid, tf_runner
from demos.query import parse_query
from demos.registry import PresetError

logger = logging.getLogger(__name__)


def in_request_language(view):
    """The studio API's language rule (?lang=, the sending page, Accept-Language, Japanese);
    only refusals carry words, so a 200 does not vary on the language headers."""
    return answers_in_request_language(view, worded_successes=False)


# Not a demo setting: the language the refusals are worded in (see in_request_language).
_LANGUAGE_KEY = ("lang",)


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _grid_values(request: HttpRequest) -> dict:
    """Cleaned sigmoid-grid parameters; raises PresetError for anything the grid cannot draw."""
    preset = parse_query(catalog.SIGMOID_GRID, request.GET, also_allowed=_LANGUAGE_KEY)
    # Checked before the spec's minimum so that the message says what is wrong with step <= 0.
    if preset.get("step", 1) <= 0:
        raise PresetError.worded(_("“step” must be greater than 0."))
    return catalog.SIGMOID_GRID.clean_preset(preset)  # its check: drawable, vmin < vmax


@require_GET
def sigmoid_grid_json(request: HttpRequest) -> JsonResponse:
    try:
        values = _grid_values(request)
    except PresetError as error:
        return _bad_request(str(error))
    xs, ys, z = sigmoid_grid.grid(sigmoid_grid.GridParams.from_mapping(values))
    return JsonResponse({"x": xs.tolist(), "y": ys.tolist(), "z": z.tolist()})


@require_GET
def sigmoid_grid_png(request: HttpRequest) -> HttpResponse:
    from demos.grid_png import render_grid_png

    try:
        values = _grid_values(request)
    except PresetError as error:
        return _bad_request(str(error))
    _, _, z = sigmoid_grid.grid(sigmoid_grid.GridParams.from_mapping(values))
    png = render_grid_png(z, values["cmap"], values["vmin"], values["vmax"])
    return HttpResponse(png, content_type="image/png")


@require_GET
def tf_graph_json(request: HttpRequest) -> JsonResponse:
    try:
        given = parse_query(catalog.TF_GRAPH, request.GET, also_allowed=_LANGUAGE_KEY)
        values = catalog.TF_GRAPH.clean_preset(given)
    except PresetError as error:
        return _bad_request(str(error))
    try:
        result = tf_runner.lesson_trace(values["a"], values["b"], values["c"], values["steps"])
    except ImportError as error:
        logger.warning("TensorFlow is not importable: %s", error)
        return JsonResponse(
            {"error": _("The graph cannot be computed on this server (TensorFlow is missing).")},
            status=503,
        )
    except tf_runner.RunnerUnavailable:
        return JsonResponse(
            {"error": _("The graph is computed on another server, which cannot be reached now.")},
            status=503,
        )
    except tf_runner.RunnerBusy:
        # 504, not 503: the page then says "try again in a moment" rather than "not available".
        response = JsonResponse(
            {"error": _("The server that computes the graph is busy; try again in a moment.")},
            status=504,
        )
        response["Retry-After"] = "5"
        return response
    return JsonResponse(result)
