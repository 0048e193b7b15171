"""The sigmoid grid's answers come from the shared cache, whoever asks (any session, language)."""

from django.core.cache import cache

from demos import grid_png
from demos.response_cache import cache_key

URL = "/api/demos/sigmoid-grid.png"


def forget(*queries: str) -> None:
    """Only this test's keys: the cache may be a Redis that holds other data (never flushed)."""
    cache.delete_many([cache_key(URL, query) for query in queries])


def test_one_render_per_address_for_every_student(client, monkeypatch):
    forget("cmap=magma&step=0.5")
    renders = []
    monkeypatch.setattr(grid_png, "render_grid_png", _counting(renders, grid_png.render_grid_png))
    first = client.get(URL, {"cmap": "magma", "step": "0.5"})
    client.cookies["sessionid"] = "another-student"
    second = client.get(URL, {"step": "0.5", "cmap": "magma"}, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == "image/png"
    assert second.content == first.content
    assert len(renders) == 1


def test_refusals_are_not_cached(client):
    forget("step=0", "step=0.5")
    assert client.get(URL, {"step": "0"}).status_code == 400
    assert cache.get(cache_key(URL, "step=0")) is None  # a refusal is worded per language
    assert client.get(URL, {"step": "0.5"}).status_code == 200
    assert cache.get(cache_key(URL, "step=0.5")) is not None  # the key the view really uses


def _counting(calls, function):
    def wrapper(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return wrapper
