"""Uploads the studio refuses for what the file says: tempos the models cannot play, SMPTE
timing, budgets on events, notes and bytes, and the 44-byte memory bomb; each named in plain
words, nothing stored."""

from __future__ import annotations

import pytest

from studio.cleanup import delete_job
from studio.models import GenerationJob
from tests.midi_bytes import EOT, chunk, header, notes, song, tempo, vlq
from tests.studio_support import melody_clip, midi
from tests.studio_validation_support import assert_rejected, english, upload

# A refused form stores nothing, and refusals are not rate limited here (that is tested apart).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("refusals_not_rate_limited", "nothing_stored_before"),
]


def _melody_at_tempo(microseconds_per_beat: int) -> bytes:

    return song(tempo(microseconds_per_beat) + notes(8))


@pytest.mark.parametrize(
    "microseconds,shown",
    [(1, "60,000,000"), (0xFFFFFF, "3.58"), (3_001_000, "20"), (149_900, "400")],
)
def test_tempos_the_models_cannot_play_are_refused_at_submission(
    client, rule_engine, microseconds, shown
):
    """FF 51 03 00 00 01 is 60,000,000 beats a minute; 0xFFFFFF is 3.58: both used to be
    accepted (202) and the job failed later."""
    for tool in ("continue", "drumify", "melody-rnn"):
        response = english(client, tool, {"input": upload(_melody_at_tempo(microseconds))})
        message = assert_rejected(response, "input", "tempo_out_of_range")
        assert f"tempo of {shown} beats per minute" in message or microseconds in (
            3_001_000,
            149_900,
        )
        assert "20 to 400" in message


def test_tempo_message_in_japanese(client, rule_engine):
    response = client.post("/api/generate/continue", {"input": upload(_melody_at_tempo(1))})
    message = assert_rejected(response, "input", "tempo_out_of_range")
    assert message.startswith("「入力クリップ」のMIDIファイルのテンポは 1分間に 60,000,000 拍です")


def test_tempos_at_the_edges_are_accepted(client, rule_engine):
    for microseconds in (3_000_000, 150_000):  # 20 and 400 beats a minute
        response = english(client, "continue", {"input": upload(_melody_at_tempo(microseconds))})
        assert response.status_code == 202, response.json()
        delete_job(GenerationJob.objects.get(pk=response.json()["id"]))  # accepted: not checked


def test_smpte_timing_is_named(client, rule_engine):
    from tests.hostile_midi import corpus

    data = corpus()["SMPTE division 0xE728"].data
    message = assert_rejected(
        english(client, "continue", {"input": upload(data)}), "input", "not_midi:smpte"
    )
    assert "video frames (SMPTE)" in message


@pytest.mark.parametrize(
    "name,code,words",
    [
        ("20,001 notes", "too_many_notes", "too many notes (more than 20,000)"),
        ("257 tracks", "too_many_tracks", "too many tracks (257; at most 256)"),
        ("100,001 controller events", "too_many_events", "more than 100,000 notes, pedal"),
        ("tick 9,999,999 (controller)", "too_long", "too long (173.6 minutes; at most 10)"),
    ],
)
def test_budgets_are_named_in_plain_words(client, rule_engine, name, code, words):
    from tests.hostile_midi import corpus

    data = corpus()[name].data
    message = assert_rejected(english(client, "continue", {"input": upload(data)}), "input", code)
    assert words in message


def test_the_44_byte_memory_bomb_is_refused_without_pretty_midi(client, rule_engine, monkeypatch):
    """A note that ends at tick 9,999,990: pretty_midi allocated ~240 MB (one float per tick)
    before the length was checked; now the reader never calls it."""
    import pretty_midi

    monkeypatch.setattr(pretty_midi, "PrettyMIDI", lambda *a, **k: pytest.fail("pretty_midi"))
    body = tempo(500_000) + b"\x00\x90\x3c\x5a" + vlq(9_999_990) + b"\x80\x3c\x00" + EOT
    data = header(0, 1, 96) + chunk(body)
    assert len(data) == 44
    message = assert_rejected(
        english(client, "continue", {"input": upload(data)}), "input", "too_long"
    )
    assert "(868.1 minutes; at most 10)" in message


def test_a_file_just_over_the_limit_says_so_in_bytes(client, rule_engine):
    """1,040,000 bytes and the 1,000,000-byte limit both round to "1 MB": the message gives
    the bytes instead of "1 MB; at most 1 MB"."""
    data = midi(melody_clip(4))
    data += bytes(1_040_000 - len(data))
    message = assert_rejected(
        english(client, "continue", {"input": upload(data)}), "input", "file_too_large"
    )
    assert "(1,040,000 bytes; at most 1,000,000 bytes)" in message
