"""scripts/studio_client_example.py (the documented way to script the studio) against a live
server: the CSRF flow, a job made and downloaded, and a refusal read from its JSON."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "studio_client_example.py"


def run_example(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_the_example_makes_drums_for_a_melody_and_saves_them(live_server, rule_engine, tmp_path):
    melody = tmp_path / "melody.mid"
    from tests.studio_support import melody_clip, midi

    melody.write_bytes(midi(melody_clip()))
    out = tmp_path / "results"
    done = run_example(
        live_server.url, "drumify", "--input", str(melody), "--set", "seed=7", "--out", str(out)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    saved = sorted(out.glob("*.mid"))
    assert len(saved) == 1 and saved[0].read_bytes().startswith(b"MThd")
    assert "seed 7:" in done.stdout


@pytest.mark.django_db(transaction=True)
def test_the_example_prints_every_problem_in_the_chosen_language(live_server, rule_engine):
    refused = run_example(
        live_server.url, "generate", "--set", "variations=50", "--set", "temperature=9",
        "--lang", "ja",
    )  # fmt: skip
    assert refused.returncode == 1
    assert "refused (400, out_of_range): 「バリエーション数」は 1 から 16 まで" in refused.stdout
    assert "also temperature: 「温度 (temperature)」は 0 から 2 まで" in refused.stdout


@pytest.mark.django_db(transaction=True)
def test_without_the_token_a_script_gets_json_not_an_html_page(live_server):
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        f"{live_server.url}/api/generate/generate?lang=en", data=b"variations=1", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    body = json.loads(refused.value.read())
    assert body["code"] == "csrf_failed" and "X-CSRFToken" in body["message"]


@pytest.mark.django_db(transaction=True)
def test_the_snippet_in_the_docs_works_as_written(live_server, rule_engine, capsys):
    docs = (ROOT / "docs" / "studio.md").read_text(encoding="utf-8")
    snippet = docs.split("Its core, to copy into your own script:", 1)[1]
    code = snippet.split("```python\n", 1)[1].split("```", 1)[0]
    assert 'base = "http://127.0.0.1:8000"' in code
    exec(code.replace("http://127.0.0.1:8000", live_server.url), {})  # noqa: S102
    assert capsys.readouterr().out.strip() == "done"  # jobs run at once in the test settings
