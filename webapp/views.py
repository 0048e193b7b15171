"""Site-level views: things that belong to no course."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from core.api_language import request_language
from studio.messages import StudioMessage


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a refused POST under /api/ gets JSON like every other API error
    (in the request's language, by the API's rule); pages get a translated HTML page."""
    if request.path.startswith("/api/"):
        language = request_language(request)
        with translation.override(language):
            body = StudioMessage("csrf_failed").as_json()
        response = JsonResponse({**body, "error": body["message"]}, status=403)
        response["Content-Language"] = language
        return response
    return render(request, "403_csrf.html", status=403)
