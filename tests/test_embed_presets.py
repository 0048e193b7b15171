"""Teacher presets: stable short codes, validation by the registry, admin for Teachers, lesson blocks."""

import html
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import Client

from courses.models import Block, content_hash
from embeds.models import CODE_ALPHABET, CODE_LENGTH, DemoPreset
from tests.admin_forms import block_admin_form

pytestmark = pytest.mark.django_db


def data_states(response) -> list[dict]:
    found = re.findall(r'data-state="([^"]*)"', response.content.decode())
    return [json.loads(html.unescape(text)) for text in found]


def test_code_is_short_unambiguous_unique_and_stable_across_edits():
    presets = [DemoPreset.objects.create(name=f"p{i}", demo="sigmoid-curve") for i in range(20)]
    codes = {preset.code for preset in presets}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01ilo")
    preset = presets[0]
    before = preset.code
    preset.name, preset.demo, preset.params = "renamed", "sigmoid-grid", {"cmap": "jet"}
    preset.full_clean()
    preset.save()
    preset.refresh_from_db()
    assert preset.code == before
    assert preset.get_embed_url() == f"/embed/p/{before}/"


def test_a_clashing_code_is_drawn_again(monkeypatch):
    first = DemoPreset.objects.create(name="a", demo="zeros")
    draws = iter([first.code, "zzzzzzzz"])
    monkeypatch.setattr("embeds.models.new_preset_code", lambda: next(draws))
    second = DemoPreset(name="b", demo="zeros")
    second.code = first.code
    second.save()
    assert second.code == "zzzzzzzz"


def test_params_are_validated_by_the_registry():
    good = DemoPreset(name="ok", demo="sigmoid-grid", params={"w_im": [4, -2, 4, 4]})
    good.full_clean()
    assert good.state()["w_im"] == [4.0, -2.0, 4.0, 4.0]
    for params, words in [
        # The tests run in Japanese, the admin's language.
        ({"speed": 3}, "このデモに speed という設定はありません。"),
        ({"w_im": [1, 2]}, "「w_im」は [4,4,4,4] のように、4 個の数を並べたリストにしてください。"),
        (
            {"cmap": "rainbow"},
            "「cmap」は gray, viridis, magma, coolwarm, jet のどれかにしてください",
        ),
        ([1, 2], '設定は {} や {"cmap": "gray"} のように、波かっこで囲んだ JSON オブジェクト'),
        # Rules across parameters hold here too, not only on the JSON API.
        ({"vmin": 5, "vmax": 1}, "「vmin」は「vmax」より小さくしてください。"),
        ({"start": 1, "stop": -1}, "「stop」は「start」より大きくしてください。"),
    ]:
        with pytest.raises(ValidationError) as error:
            DemoPreset(name="bad", demo="sigmoid-grid", params=params).full_clean()
        assert f"このプリセットは使えません: {words}" in str(error.value.message_dict["params"])


def test_preset_embed_uses_its_params_and_accepts_overrides(client):
    preset = DemoPreset.objects.create(name="jet", demo="sigmoid-grid", params={"cmap": "jet"})
    (state,) = data_states(client.get(f"/embed/p/{preset.code}/"))
    assert state["cmap"] == "jet" and state["w_im"] == [4.0, 4.0, 4.0, 4.0]
    (state,) = data_states(client.get(f"/embed/p/{preset.code}/?vmax=0.5&lang=en"))
    assert state["cmap"] == "jet" and state["vmax"] == 0.5
    assert client.get("/embed/p/nosuchcd/").status_code == 404
    # A preset edited behind the admin's back into something the demo refuses says so.
    DemoPreset.objects.filter(pk=preset.pk).update(params={"cmap": "rainbow"})
    stale = client.get(f"/embed/p/{preset.code}/")
    assert stale.status_code == 409
    assert "今のデモに合わなくなっています" in stale.content.decode()


def test_teachers_manage_presets_in_the_admin(teacher_client):
    assert teacher_client.get("/admin/embeds/demopreset/").status_code == 200
    add = teacher_client.get("/admin/embeds/demopreset/add/")
    assert add.status_code == 200
    assert "<code>w_im</code>" in add.content.decode()  # the parameters each demo accepts
    response = teacher_client.post(
        "/admin/embeds/demopreset/add/",
        {"name": "Lesson 5 magma", "demo": "sigmoid-grid", "params": '{"cmap": "magma"}'},
    )
    assert response.status_code == 302
    preset = DemoPreset.objects.get(name="Lesson 5 magma")
    change = teacher_client.get(f"/admin/embeds/demopreset/{preset.pk}/change/")
    page = change.content.decode()
    assert f"http://testserver/embed/p/{preset.code}/" in page  # the URL and the iframe code
    assert html.escape(f'<iframe src="http://testserver/embed/p/{preset.code}/"') in page
    assert (
        f'<iframe src="http://testserver/embed/p/{preset.code}/" title="デモのプレビュー"' in page
    )
    bad = teacher_client.post(
        f"/admin/embeds/demopreset/{preset.pk}/change/",
        {"name": "x", "demo": "sigmoid-grid", "params": '{"cmap": "rainbow"}'},
        headers={"Accept-Language": "en"},
    )
    assert bad.status_code == 200
    assert "Preset rejected: “cmap” must be one of gray," in bad.content.decode()
    deleted = teacher_client.post(f"/admin/embeds/demopreset/{preset.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not DemoPreset.objects.exists()


def test_staff_outside_the_teachers_group_cannot(db):
    user = User.objects.create_user("helper", password="a-long-helper-password-42", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/embeds/demopreset/").status_code == 403


def test_lesson_demo_block_uses_a_saved_preset(client, teacher_client, lesson5):
    url = lesson5.get_absolute_url()
    assert data_states(client.get(url))[0]["cmap"] == "viridis"  # the block's own JSON
    preset = DemoPreset.objects.create(name="jet", demo="sigmoid-grid", params={"cmap": "jet"})
    demo = lesson5.blocks.get(kind="demo")
    data = block_admin_form(demo, demo_preset=str(preset.pk))
    saved = teacher_client.post(f"/admin/courses/block/{demo.pk}/change/", data)
    assert saved.status_code == 302
    assert data_states(client.get(url))[0]["cmap"] == "jet"
    # Editing the preset changes the lesson at once (the rendered-HTML cache key includes it).
    preset.params = {"cmap": "coolwarm"}
    preset.save()
    assert data_states(client.get(url))[0]["cmap"] == "coolwarm"
    # A preset a lesson shows cannot be deleted from under it.
    with pytest.raises(ProtectedError):
        preset.delete()


def test_block_refuses_a_preset_of_another_demo(lesson5):
    preset = DemoPreset.objects.create(name="curve", demo="sigmoid-curve", params={"u": 2})
    block = lesson5.blocks.get(kind="demo")
    block.demo_preset = preset
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert "デモ「sigmoid-curve」用" in str(error.value.message_dict["demo_preset"])


def test_blocks_without_a_preset_keep_their_content_hash(lesson5):
    block = lesson5.blocks.get(kind="demo")
    assert "demo_preset" not in block.content_snapshot()
    before = content_hash(lesson5.content_snapshot())
    preset = DemoPreset.objects.create(name="p", demo="sigmoid-grid")
    Block.objects.filter(pk=block.pk).update(demo_preset=preset)
    assert content_hash(lesson5.content_snapshot()) != before  # the loader sees a teacher's edit
