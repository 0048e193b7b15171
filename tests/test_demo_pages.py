"""Standalone demo pages: one per registered demo, mounted through the registry contract."""

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import escape

from demos.registry import all_demos
from tests.ci import skip_unless_available

SLUGS = [d.slug for d in all_demos()]
STATIC = Path(settings.BASE_DIR) / "static"


def test_every_planned_demo_is_registered():
    planned = {
        "sigmoid-grid",
        "tf-graph",
        "sigmoid-curve",
        "regression",
        "arange",
        "zeros",
        "reshape",
        "matmul",
        "colormap",
    }
    assert planned <= set(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_demo_module_exists_and_exports_mount(slug):
    demo = next(d for d in all_demos() if d.slug == slug)
    source = (STATIC / demo.module).read_text(encoding="utf-8")
    assert re.search(r"export (async )?function mount\(root, state", source)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_demo_page_mounts_one_demo(client, lang, slug):
    response = client.get(f"/{lang}/demos/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    mounts = re.findall(
        r'<div class="demo" data-demo="([^"]+)" data-module="([^"]+)" data-state="([^"]*)"', html
    )
    assert len(mounts) == 1
    mounted_slug, module_url, state = mounts[0]
    demo = next(d for d in all_demos() if d.slug == slug)
    assert mounted_slug == slug
    assert module_url == settings.STATIC_URL + demo.module
    assert json.loads(unescape(state)) == demo.defaults()
    assert 'type="module"' in html and "js/demos.js" in html
    title = demo.title_en if lang == "en" else demo.title_ja
    assert f"<h1>{escape(title)}</h1>" in html
    assert f'<html lang="{lang}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_index_lists_every_demo(client, lang):
    response = client.get(f"/{lang}/demos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for slug in SLUGS:
        assert f'href="/{lang}/demos/{slug}/"' in html


@pytest.mark.django_db
def test_unknown_demo_is_404(client):
    assert client.get("/ja/demos/no-such-demo/").status_code == 404


def test_page_views_do_not_import_tensorflow_or_matplotlib():
    code = (
        "import os, sys, django;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'webapp.settings_test');"
        "django.setup();"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "from django.test import Client; c = Client();"
        "codes = [c.get(u).status_code for u in ('/ja/demos/', '/en/demos/tf-graph/', '/ja/demos/sigmoid-grid/')];"
        "print(codes, 'tensorflow' in sys.modules, 'matplotlib' in sys.modules)"
    )
    env = {**os.environ, "KANADE_VAR_DIR": str(Path(settings.BASE_DIR) / "var")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[200, 200, 200] False False"


def test_registry_rejects_bad_widget_presets():
    from demos.registry import PresetError, get_demo

    with pytest.raises(PresetError, match="shape"):
        get_demo("zeros").clean_preset({"shape": "0,3"})
    with pytest.raises(PresetError, match="shape"):
        get_demo("zeros").clean_preset({"shape": "2,2,2,2,2"})
    assert get_demo("zeros").clean_preset({"shape": "2, 3"})["shape"] == "2, 3"
    with pytest.raises(PresetError, match='「a」は "0,1,2;1,2,3" のように書いてください'):
        get_demo("matmul").clean_preset({"a": "1,2;x,4"})
    assert get_demo("matmul").clean_preset({"a": "1,2.5;-3,4"})["a"] == "1,2.5;-3,4"
    with pytest.raises(PresetError, match="shape"):
        get_demo("reshape").clean_preset({"shape": "5,5"})


# Each widget's address table (static/demos/*.js), built by Node from the spec the page carries
# (Demo.as_json, passed in as the pages pass it): the keys a shared link may carry. "text" kinds
# (a shape, a matrix) are parsed client-side, so only their default is compared.
_TABLES_SCRIPT = """
import { table as arange } from './static/demos/arange.js';
import { table as matmul } from './static/demos/matmul.js';
import { table as regression } from './static/demos/regression.js';
import { table as reshape } from './static/demos/reshape.js';
import { table as curve } from './static/demos/sigmoid_curve.js';
import { table as tfGraph } from './static/demos/tf_graph_state.js';
import { table as zeros } from './static/demos/zeros.js';
import { gridTable } from './static/demos/sigmoid_grid_math.js';
const specs = JSON.parse(process.argv[1]);
const plain = (table) => Object.fromEntries(Object.entries(table).map(([key, field]) => [key, {
  ...field, default: field.format ? field.format(field.default) : field.default,
}]));
process.stdout.write(JSON.stringify({
  'arange': plain(arange(specs.arange)), 'matmul': plain(matmul(specs.matmul)),
  'regression': plain(regression(specs.regression)), 'reshape': plain(reshape(specs.reshape)),
  'sigmoid-curve': plain(curve(specs['sigmoid-curve'])), 'zeros': plain(zeros(specs.zeros)),
  'tf-graph': plain(tfGraph(specs['tf-graph'])),
  'sigmoid-grid': gridTable(specs['sigmoid-grid']), 'colormap': gridTable(specs.colormap),
}));
"""


@skip_unless_available(shutil.which("node") is None, "Node is not installed")
def test_widget_address_tables_match_the_registry():
    """A link the page writes is a preset the server accepts, with the same defaults and bounds."""
    from demos.registry import get_demo

    specs = {demo.slug: demo.as_json() for demo in all_demos()}
    out = subprocess.run(
        ["node", "--input-type=module", "-e", _TABLES_SCRIPT, json.dumps(specs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    tables = json.loads(out.stdout)
    assert set(tables) == set(specs), "every demo's module builds its table from the spec"
    for slug, table in tables.items():
        demo = get_demo(slug)
        assert set(table) == {p.name for p in demo.params}, slug
        for param in demo.params:
            field = table[param.name]
            assert field["default"] == param.default, (slug, param.name)
            if param.kind in ("float", "int", "floats"):
                assert (field["min"], field["max"]) == (param.minimum, param.maximum), param.name
            if param.kind == "floats":
                assert field["length"] == param.length
            if param.kind == "choice":
                assert field["choices"] == param.values(), (slug, param.name)
            if param.kind == "int":
                assert field.get("integer") is True, (slug, param.name)
