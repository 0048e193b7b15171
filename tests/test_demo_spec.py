"""The server owns every limit: pages carry the registry's spec and the JavaScript repeats none.

The demo pages, embeds and lessons put ``Demo.as_json()`` in the demo root's ``data-spec``; the
studio page ships each tool's fields in its JSON. These tests compare what the pages carry with
the registry objects themselves, keep the Node tests' copy (``static/demos/tests/specs.json``)
equal to the registry, and fail when a script under static/ declares a limit the server owns.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from demos.registry import all_demos, get_demo
from inference.music.midi_io import MAX_QPM, MIN_QPM
from studio.tools import TOOLS
from studio.tools.fields import NumberField, tempo

STATIC = Path(settings.BASE_DIR) / "static"
SPECS_JSON = STATIC / "demos" / "tests" / "specs.json"
SLUGS = [demo.slug for demo in all_demos()]
_SPEC_ATTRIBUTE = re.compile(r'data-demo="([^"]+)"[^>]*\sdata-spec="([^"]*)"')


def page_specs(html: str) -> dict[str, dict]:
    """Each demo root's data-spec on a page, by slug."""
    return {slug: json.loads(unescape(raw)) for slug, raw in _SPEC_ATTRIBUTE.findall(html)}


def registry_specs() -> dict[str, dict]:
    with translation.override("en"):
        return {demo.slug: demo.as_json() for demo in all_demos()}


def write_specs() -> None:
    """Rewrite specs.json from the registry (after a change to demos/catalog.py)."""
    text = json.dumps(registry_specs(), indent=1, ensure_ascii=False) + "\n"
    SPECS_JSON.write_text(text, encoding="utf-8")


def test_the_node_tests_read_the_registry_spec():
    """specs.json is what the Node tests feed the modules, so it must be the registry's."""
    assert json.loads(SPECS_JSON.read_text(encoding="utf-8")) == registry_specs(), (
        "static/demos/tests/specs.json differs from the registry; rewrite it with "
        "tests.test_demo_spec.write_specs() (Django set up)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_the_demo_page_carries_the_registry_spec(client, lang, slug):
    html = client.get(f"/{lang}/demos/{slug}/").content.decode()
    with translation.override(lang):
        assert page_specs(html) == {slug: get_demo(slug).as_json()}


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_the_embed_carries_the_registry_spec(client, slug):
    html = client.get(f"/embed/{slug}/?lang=en").content.decode()
    with translation.override("en"):
        assert page_specs(html) == {slug: get_demo(slug).as_json()}


@pytest.mark.django_db
def test_a_lesson_block_carries_the_registry_spec(client, lesson5):
    html = client.get(lesson5.get_absolute_url()).content.decode()
    with translation.override("ja"):
        assert page_specs(html) == {"sigmoid-grid": get_demo("sigmoid-grid").as_json()}


def test_the_spec_holds_the_bounds_the_registry_checks():
    """as_json is the parameters themselves: every bound, length and choice, and the limits the
    demo's cross-parameter check enforces."""
    for demo in all_demos():
        spec = demo.as_json()
        assert list(spec["params"]) == [p.name for p in demo.params], demo.slug
        for param in demo.params:
            field = spec["params"][param.name]
            assert field["kind"] == param.kind
            assert field["default"] == param.default
            if param.kind in ("float", "int", "floats"):
                assert (field["min"], field["max"]) == (param.minimum, param.maximum)
            if param.kind == "choice":
                assert [value for value, _ in field["choices"]] == param.values()
        assert spec["limits"] == dict(demo.limits)
    from demos import sigmoid_grid

    grid = get_demo("sigmoid-grid")
    assert grid.as_json()["limits"]["max_points_per_axis"] == sigmoid_grid.MAX_POINTS_PER_AXIS


@pytest.mark.django_db
def test_the_studio_page_carries_each_tools_fields(client):
    for tool in TOOLS.values():
        html = client.get(f"/en/studio/{tool.slug}/").content.decode()
        found = re.search(
            r'<script id="studio-config" type="application/json">(.*?)</script>', html
        )
        config = json.loads(found.group(1))
        with translation.override("en"):
            assert config["tool"]["fields"] == [tool.field_json(field) for field in tool.fields]
            for field in config["tool"]["fields"]:
                assert field.items() >= tool.field(field["name"]).as_json().items()


def test_the_tempo_field_offers_what_the_models_accept():
    field = tempo()
    assert (field.minimum, field.maximum) == (MIN_QPM, MAX_QPM)


def test_melody_rnn_offers_the_tempi_the_models_accept():
    qpm = TOOLS["melody-rnn"].field("qpm")
    assert (qpm.minimum, qpm.maximum) == (MIN_QPM, MAX_QPM)


# --- the guard: no script repeats a limit the server owns -------------------------------------

# A declaration of a limit: a constant named like one, or a min/max entry of an object.
_LIMIT_CONSTANT = re.compile(
    r"\b(?:const|let|var)\s+(\w*(?:MAX|MIN|LIMIT|BOUND|RANGE)\w*)\s*=\s*"
    r"(?:Object\.freeze\()?([^;]*)",
    re.IGNORECASE,
)
_LIMIT_ENTRY = re.compile(r"\b(min|max|minimum|maximum)\s*:\s*(-?[\d_.]+(?:e-?\d+)?)\b")
_NUMBER = re.compile(r"(?<![\w.])-?\d[\d_]*(?:\.\d+)?(?:e-?\d+)?")
# 0 and 1 bound half of everything (an index, a count): too common to say whose limit they are.
_TOO_COMMON = {0.0, 1.0}
# Limits that belong to a widget, not to the server (the server accepts more), with why.
_WIDGET_OWNED = {
    # The MIDI writer's own arithmetic (half a 16th less a tick), not a bound: its "2" halves.
    ("studio/midi_writer.js", "MAX_OFFSET_TICKS"),
    # The matrix editor has room for 4 x 4; the API multiplies any matrices it is given.
    ("demos/matmul.js", "MAX_DIM"),
    # The plot's visitor axis (0 to 10,000 visitors), which the intercept's bounds happen to share.
    ("demos/regression.js", "Y_RANGE"),
    # The step editor's grid draws at most 8 bars (its length menu: 1, 2, 4, 8); the server
    # takes inputs of up to 32 bars, and the number 8 it owns is Continue's variations.
    ("studio/step_editor.js", "MAX_BARS"),
}


def _numbers(*values) -> set[float]:
    return {float(v) for v in values if v is not None and not isinstance(v, bool)}


def demo_bounds() -> set[float]:
    found = set()
    for demo in all_demos():
        found |= _numbers(*(value for _, value in demo.limits))
        for param in demo.params:
            found |= _numbers(getattr(param, "minimum", None), getattr(param, "maximum", None))
    return found - _TOO_COMMON


def studio_bounds() -> set[float]:
    found = _numbers(MIN_QPM, MAX_QPM)
    for tool in TOOLS.values():
        for field in tool.fields:
            if isinstance(field, NumberField):
                found |= _numbers(field.minimum, field.maximum)
            if getattr(field, "max_length", None):
                found |= _numbers(field.max_length)
    return found - _TOO_COMMON


def repeated_limits(source: str, owned: set[float]) -> list[tuple[str, float]]:
    """(name, number) for each limit-like declaration in ``source`` whose number the server owns."""
    hits = []
    for name, value in _LIMIT_CONSTANT.findall(source):
        for number in _NUMBER.findall(value.split("\n")[0]):
            if float(number.replace("_", "")) in owned:
                hits.append((name, float(number.replace("_", ""))))
    for name, number in _LIMIT_ENTRY.findall(source):
        if float(number.replace("_", "")) in owned:
            hits.append((name, float(number.replace("_", ""))))
    return hits


def test_the_guard_finds_a_repeated_limit():
    owned = demo_bounds() | studio_bounds()
    assert repeated_limits("export const MAX_POINTS_PER_AXIS = 200;", owned)
    assert repeated_limits("const LIMITS = Object.freeze({ min: -10, max: 10 });", owned)
    assert repeated_limits("const QPM_RANGE = [20, 400];", owned)
    assert not repeated_limits("const MAX_POINTS = spec.limits.max_points_per_axis;", owned)


def test_the_guard_would_have_caught_the_old_constants():
    """The constants this mechanism replaced, as they were written, are found."""
    owned = demo_bounds()
    old = [
        "export const MAX_POINTS_PER_AXIS = 200;",
        "export const WEIGHT_LIMITS = Object.freeze({ min: -10, max: 10, step: 0.1 });",
        "export const RANGE_LIMITS = Object.freeze({ min: -100, max: 100 });",
        "export const STEP_LIMITS = Object.freeze({ min: 0.001, max: 100 });",
        "export const U_LIMITS = Object.freeze({ min: -10, max: 10, step: 0.1 });",
        "const VALUE = Object.freeze({ min: -1_000_000, max: 1_000_000 });",
        "export const MAX_SIZE = 10;",
    ]
    assert all(repeated_limits(line, owned) for line in old)


def test_no_script_repeats_a_limit_the_server_owns():
    """Every bound reaches the browser as data (data-spec, the studio's JSON); a number such as
    ``MAX_POINTS_PER_AXIS = 200`` written again in a script would drift from the server's."""
    by_folder = {
        "demos": demo_bounds(),
        "js": demo_bounds(),
        "studio": studio_bounds(),
        "embed": demo_bounds() | studio_bounds(),
    }
    problems = []
    for folder, owned in by_folder.items():
        for path in sorted((STATIC / folder).glob("*.js")):
            name = path.relative_to(STATIC).as_posix()
            for constant, number in repeated_limits(path.read_text(encoding="utf-8"), owned):
                if (name, constant) not in _WIDGET_OWNED:
                    problems.append(f"{name}: {constant} = {number:g}")
    assert not problems, "limits the server owns, repeated in scripts: " + "; ".join(problems)
