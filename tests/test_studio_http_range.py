"""Studio media with HTTP Range: the parser on its own, then the real download views (audio,
MIDI, zip, examples) answering 206 / 416 / 304 and If-Range, as a browser's <audio> asks."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import RequestFactory

from studio.http_range import Unsatisfiable, bytes_response, parse_range
from tests.studio_support import install_rule_engine

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-", (0, 999)),
        ("bytes=0-0", (0, 0)),
        ("bytes=100-199", (100, 199)),
        ("bytes=900-5000", (900, 999)),  # past the end: clipped to the last byte
        ("bytes=-10", (990, 999)),
        ("bytes=-5000", (0, 999)),
        (" bytes = 5 - 9 ", (5, 9)),
        (None, None),
        ("", None),
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-5", None),
        ("bytes=-", None),
        ("bytes=9-5", None),  # invalid, not unsatisfiable
        ("bytes=abc", None),
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_ranges(header):
    with pytest.raises(Unsatisfiable):
        parse_range(header, SIZE)


def test_empty_file_has_no_satisfiable_range():
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)


DATA = bytes(range(256)) * 4


def answer(**headers):
    request = RequestFactory().get("/file", headers=headers)
    return bytes_response(
        request, DATA, content_type="application/octet-stream", filename="f.bin", as_attachment=True
    )


def test_whole_file_advertises_ranges():
    response = answer()
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(DATA))
    assert response.content == DATA
    assert response["ETag"].startswith('"')
    assert 'filename="f.bin"' in response["Content-Disposition"]


def test_range_gets_206_with_exactly_those_bytes():
    response = answer(Range="bytes=10-19")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-19/{len(DATA)}"
    assert response["Content-Length"] == "10"
    assert response.content == DATA[10:20]


def test_unsatisfiable_range_gets_416():
    response = answer(Range=f"bytes={len(DATA)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(DATA)}"


def test_if_range_with_the_current_etag_keeps_the_range_a_stale_one_gets_everything():
    etag = answer()["ETag"]
    assert answer(Range="bytes=0-9", If_Range=etag).status_code == 206
    stale = answer(Range="bytes=0-9", If_Range='"something-else"')
    assert stale.status_code == 200 and stale.content == DATA
    weak = answer(Range="bytes=0-9", If_Range=f"W/{etag}")  # If-Range compares strongly
    assert weak.status_code == 200


def test_if_none_match_gets_304():
    etag = answer()["ETag"]
    assert answer(If_None_Match=etag).status_code == 304
    assert answer(If_None_Match='"other"').status_code == 200


@pytest.mark.django_db
def test_studio_downloads_answer_ranges(client, monkeypatch):
    install_rule_engine(monkeypatch)
    created = client.post("/api/generate/generate", {"type": "melody", "variations": "2"}).json()
    job = client.get(created["url"]).json()
    assert job["status"] == "done", job["error"]
    audio_url = job["outputs"][0]["audio"]

    whole = client.get(audio_url)
    ogg = b"".join(whole.streaming_content)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Length"] == str(len(ogg)) and ogg[:4] == b"OggS"
    assert "Last-Modified" in whole

    # What Chromium sends first for <audio>, then a seek into the middle.
    first = client.get(audio_url, headers={"Range": "bytes=0-"})
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-{len(ogg) - 1}/{len(ogg)}"
    middle = len(ogg) // 2
    seek = client.get(audio_url, headers={"Range": f"bytes={middle}-{middle + 99}"})
    assert (
        seek.status_code == 206 and b"".join(seek.streaming_content) == ogg[middle : middle + 100]
    )
    tail = client.get(audio_url, headers={"Range": "bytes=-16"})
    assert b"".join(tail.streaming_content) == ogg[-16:]
    assert client.get(audio_url, headers={"Range": f"bytes={len(ogg)}-"}).status_code == 416
    stale = client.get(audio_url, headers={"Range": "bytes=0-9", "If-Range": '"old"'})
    assert stale.status_code == 200
    assert client.get(audio_url, headers={"If-None-Match": whole["ETag"]}).status_code == 304
    assert client.head(audio_url).status_code == 200

    midi = client.get(job["outputs"][1]["midi"], headers={"Range": "bytes=0-3"})
    assert midi.status_code == 206 and b"".join(midi.streaming_content) == b"MThd"
    assert midi["Content-Disposition"].startswith("attachment")

    archive = client.get(job["zip"])
    assert archive.status_code == 200 and archive["Accept-Ranges"] == "bytes"
    assert len(zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()) == 2

    example = client.get("/api/studio/examples/melody.mid", headers={"Range": "bytes=0-3"})
    assert example.status_code == 206 and example.content == b"MThd"
