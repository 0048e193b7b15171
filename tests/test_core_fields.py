"""core/fields.py: one field spec for the studio's settings and the demos' parameters.

The same field object checks a value and describes itself to the browser; a problem is a code
plus parameters, and each audience words the code its own way (the studio's API keeps its codes
and sentences, the demos theirs).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from core.fields import ChoiceField, FieldError, NumberField, NumbersField, TextField
from demos.registry import Param, get_demo
from studio.forms import SubmissionError, clean_field
from studio.tools import get_tool


def english(error: Exception) -> str:
    with translation.override("en"):
        return str(error)


def test_studio_settings_and_demo_parameters_are_the_same_kinds():
    temperature = get_tool("generate").field("temperature")
    step = get_demo("sigmoid-grid").param("step")
    assert type(temperature) is type(step) is NumberField
    assert isinstance(get_demo("sigmoid-grid").param("w_im"), NumbersField)
    assert isinstance(get_tool("generate").field("type"), ChoiceField)
    assert isinstance(get_demo("zeros").param("shape"), TextField)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc", "not_a_number"),
        ("nan", "not_finite"),
        ("1e999", "not_finite"),
        ("1_000", "not_a_number"),
        ("9" * 41, "number_too_long"),
        ("2.5", "out_of_range"),
    ],
)
def test_one_grammar_for_numbers_in_text(text, code):
    field = NumberField("t", "t", "", 0.0, 2.0, 1.0, integer=False)
    with pytest.raises(FieldError) as caught:
        field.clean_text(text)
    assert caught.value.code == code
    assert caught.value.field == "t"


def test_a_problem_is_a_code_worded_when_shown():
    field = Param("u", "float", 0.0, minimum=-10.0, maximum=10.0)
    with pytest.raises(FieldError) as caught:
        field.clean(11)
    error = caught.value
    assert (error.code, error.params["min"], error.params["max"]) == ("out_of_range", -10.0, 10.0)
    assert english(error) == "“u” must be from -10 to 10 (you entered 11)."
    with translation.override("ja"):
        assert "-10" in str(error) and str(error) != english(error)


def test_the_studio_and_the_demos_keep_their_own_codes_for_a_bad_choice():
    """Two wordings existed for a choice that is not offered; both codes keep working."""
    with translation.override("en"), pytest.raises(SubmissionError) as studio:
        clean_field(get_tool("generate").field("type"), "bass")
    assert studio.value.code == "not_a_choice"
    assert english(studio.value).startswith("Choose “Type” from: Melody (melody) / Drums (drums)")
    with pytest.raises(FieldError) as demo:
        get_demo("colormap").clean_preset({"cmap": "bass"})
    assert english(demo.value).startswith("“cmap” must be one of gray, viridis")


def test_the_studio_answers_an_unusable_number_with_its_range():
    temperature = get_tool("generate").field("temperature")
    for text in ("nan", "inf", "1e999", "9" * 50):
        with pytest.raises(SubmissionError) as caught:
            clean_field(temperature, text)
        assert caught.value.code == "out_of_range", text
    variations = get_tool("generate").field("variations")
    for text in ("nan", "2.5", "é" * 50):
        with pytest.raises(SubmissionError) as caught:
            clean_field(variations, text)
        assert caught.value.code == "not_whole_number", text


def test_as_json_is_what_the_browser_reads():
    body = get_tool("generate").field("temperature").as_json()
    assert {k: body[k] for k in ("widget", "min", "max", "step", "integer")} == {
        "widget": "number",
        "min": 0.0,
        "max": 2.0,
        "step": 0.05,
        "integer": False,
    }
    choice = get_demo("colormap").param("cmap").as_json()
    assert choice["choices"][0] == ["gray", "gray"] and choice["kind"] == "choice"
