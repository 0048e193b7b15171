"""Every studio tool end to end through the API (POST /api/generate/<tool> → GET /api/jobs/<id>
→ downloads), on fixture clips, with the rule-based stand-in for the models (jobs run eagerly)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inference.music.midi_io import read_midi
from studio.models import GenerationJob
from tests.studio_support import (
    assert_fits_studio_contract,
    chord_clip,
    drum_clip,
    melody_clip,
    midi,
)

pytestmark = pytest.mark.django_db


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/midi")


def submit(client, tool: str, **fields):
    response = client.post(f"/api/generate/{tool}", fields)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["url"] == f"/api/jobs/{body['id']}"
    assert response["Location"] == body["url"]
    return client.get(body["url"]).json()


def assert_contract(job: dict, count: int, kind: str, client) -> None:
    """Done, one output per variation, files downloadable, drums canonical, melodies monophonic."""
    assert job["status"] == "done", job["error"]
    assert job["error"] == ""
    assert len(job["outputs"]) == count
    for output in job["outputs"]:
        response = client.get(output["midi"])
        assert response.status_code == 200
        assert response["Content-Type"] == "audio/midi"
        clip = read_midi(b"".join(response.streaming_content), kind)
        assert len(clip.notes) == output["notes"] == len(output["roll"]["notes"])
        assert output["roll"]["kind"] == kind
        assert_fits_studio_contract(clip, kind)
        assert "polyphonic" not in " ".join(clip.notices)


def test_generate_drums_and_melody(client, rule_engine):
    drums = submit(client, "generate", type="drums", variations="3", temperature="0.5", seed="7")
    assert_contract(drums, 3, "drums", client)
    melody = submit(client, "generate", type="melody", variations="2")
    assert_contract(melody, 2, "melody", client)
    drum_call = {"kind": "drums", "variations": 3, "t": 0.5, "key": "C", "scale": "off"}
    assert rule_engine.calls[0] == ("generate", drum_call)
    assert melody["params"]["temperature"] == 0.5  # the default
    assert drums["params"]["seed"] == 7
    assert isinstance(melody["params"]["seed"], int)  # chosen and recorded for re-runs


def test_generate_default_is_eight_variations(client, rule_engine):
    job = submit(client, "generate")
    assert_contract(job, 8, "melody", client)


def test_continue_melody_from_upload(client, rule_engine):
    job = submit(
        client,
        "continue",
        type="melody",
        variations="2",
        length="3",
        input=upload("tune.mid", midi(melody_clip())),
    )
    assert_contract(job, 2, "melody", client)
    call = {"kind": "melody", "steps": 48, "variations": 2, "key": "primer", "scale": "off"}
    assert rule_engine.calls == [("continue", call)]
    assert job["inputs"]["input"]["source"] == "upload:tune.mid"
    assert client.get(job["inputs"]["input"]["midi"]).status_code == 200


def test_continue_drums_from_example(client, rule_engine):
    job = submit(client, "continue", type="drums", input_example="funk-beat")
    assert_contract(job, 4, "drums", client)
    assert job["inputs"]["input"]["source"] == "example:funk-beat"


def test_interpolate_two_clips(client, rule_engine):
    job = submit(
        client,
        "interpolate",
        type="drums",
        steps="5",
        input_a=upload("a.mid", midi(drum_clip(2))),
        input_b_example="rock-beat",
    )
    assert_contract(job, 5, "drums", client)
    assert rule_engine.calls == [("interpolate", {"steps": 5, "kinds": ("drums", "drums")})]


def test_interpolate_inputs_are_cut_to_four_bars(client, rule_engine):
    job = submit(
        client,
        "interpolate",
        type="melody",
        input_a=upload("long.mid", midi(melody_clip(bars=6))),
        input_b=upload("b.mid", midi(melody_clip(bars=2, start_pitch=64))),
    )
    assert job["status"] == "done"
    assert job["inputs"]["input_a"]["roll"]["steps"] == 64
    assert (
        "「クリップA」: 最初の 64 ステップだけを使いました(16 ステップで1小節)。" in job["notices"]
    )


def test_groove_and_drumify(client, rule_engine):
    groove = submit(client, "groove", input=upload("beat.mid", midi(drum_clip())))
    assert_contract(groove, 1, "drums", client)
    drumify = submit(client, "drumify", input_example="bass-line")
    assert_contract(drumify, 1, "drums", client)
    drumify_drums = submit(client, "drumify", input_example="rock-beat")
    assert drumify_drums["status"] == "done"
    assert [call[0] for call in rule_engine.calls] == ["groove", "drumify", "drumify"]
    assert rule_engine.calls[2][1] == {"kind": "drums"}  # a drums-only clip is fine for Drumify


def test_melody_rnn_with_primer_melody_and_primer_midi(client, rule_engine):
    job = submit(
        client, "melody-rnn", primer_melody="[60, -2, 62]", num_outputs="3", num_steps="64"
    )
    assert_contract(job, 3, "melody", client)
    assert job["params"] | {"primer_melody": "[60, -2, 62]", "num_steps": 64} == job["params"]
    job = submit(client, "melody-rnn", input=upload("p.mid", midi(melody_clip(1))), qpm="90")
    assert_contract(job, 5, "melody", client)
    call = {"primer_melody": None, "midi": True, "key": "C", "scale": "off"}
    assert rule_engine.calls[-1] == ("melody-rnn", call)
    assert job["outputs"][0]["roll"]["qpm"] == 90


def test_send_output_to_another_tool(client, rule_engine):
    """The lesson's workflow: a Melody RNN melody → Drumify → merged with its drums."""
    melody = submit(client, "melody-rnn", num_outputs="2", num_steps="32")
    drums = submit(client, "drumify", input_job=melody["id"], input_index="1")
    assert_contract(drums, 1, "drums", client)
    assert drums["inputs"]["input"]["source"] == f"job:{melody['id']}:1"
    merged = client.get(
        "/api/studio/merge.mid", {"part": [f"{melody['id']}:1", f"{drums['id']}:0"]}
    )
    assert merged.status_code == 200
    data = b"".join(merged.streaming_content)
    assert read_midi(data, "melody").notes and read_midi(data, "drums").notes
    import pretty_midi

    tracks = pretty_midi.PrettyMIDI(io.BytesIO(data)).instruments
    assert [t.is_drum for t in tracks] == [False, True]
    with_input = client.get(
        "/api/studio/merge.mid", {"part": [f"{drums['id']}:input", f"{drums['id']}:0"]}
    )
    assert with_input.status_code == 200


def test_zip_of_all_variations(client, rule_engine):
    job = submit(client, "generate", type="drums", variations="4")
    response = client.get(job["zip"])
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert len(names) == 4 and all(name.endswith(".mid") for name in names)


def test_audio_is_rendered_as_ogg(client, rule_engine):
    job = submit(client, "generate", type="melody", variations="1")
    response = client.get(job["outputs"][0]["audio"])
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert b"".join(response.streaming_content)[:4] == b"OggS"
    assert job["timings"]["audio_s"] > 0


def test_job_ids_are_unguessable_and_unknown_ids_404(client, rule_engine):
    job = submit(client, "generate", variations="1")
    assert len(job["id"]) >= 22  # 128 random bits
    assert GenerationJob.objects.get(pk=job["id"]).session_key == client.session.session_key
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.get(f"/api/jobs/{job['id']}/variation-9.mid").status_code == 404
    assert client.get("/api/jobs/nope/variations.zip").status_code == 404


def test_polyphonic_input_to_a_melody_tool_is_reduced_with_a_notice(client, rule_engine):
    job = submit(client, "continue", type="melody", input=upload("chords.mid", midi(chord_clip())))
    assert job["status"] == "done"
    assert any(n.startswith("「入力クリップ」: 同時に鳴る音がいくつも") for n in job["notices"])
    stored = client.get(job["inputs"]["input"]["midi"])
    notes = read_midi(b"".join(stored.streaming_content), "melody").notes
    assert {n.pitch for n in notes} == {67}  # the top voice of C–E–G


def test_examples_and_catalog(client):
    catalog = client.get("/api/studio/catalog", {"lang": "en"}).json()
    assert [t["slug"] for t in catalog["tools"]] == [
        "generate", "continue", "interpolate", "groove", "drumify", "melody-rnn", "master",
        "nsynth",
    ]  # fmt: skip
    assert len(catalog["examples"]) == 5
    response = client.get("/api/studio/examples/rock-beat.mid")
    assert response.status_code == 200
    assert read_midi(response.content, "drums").notes
    assert client.get("/api/studio/examples/nope.mid").status_code == 404


def test_a_job_names_its_tool_and_the_seed_it_used(client, rule_engine):
    accepted = client.post("/api/generate/generate", {"variations": "1"}).json()
    assert isinstance(accepted["seed"], int)  # chosen at submission and stored
    japanese = client.get(accepted["url"], HTTP_REFERER="http://x/ja/studio/generate/").json()
    english = client.get(accepted["url"] + "?lang=en").json()
    assert japanese["tool"] == english["tool"] == "generate"
    assert (japanese["tool_name"], english["tool_name"]) == (
        "Generate(4小節を生成)",
        "Generate 4 bars",
    )
    assert japanese["seed"] == english["seed"] == accepted["seed"] == japanese["params"]["seed"]
    again = client.post(
        "/api/generate/generate", {"variations": "1", "seed": str(accepted["seed"])}
    )
    remade = client.get(again.json()["url"]).json()
    assert remade["outputs"][0]["roll"] == japanese["outputs"][0]["roll"]  # re-made from the seed
