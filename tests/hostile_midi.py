"""A deterministic corpus of hostile MIDI files, built byte by byte (no MIDI library involved).

``corpus()`` gives ``{name: HostileFile}``: over 150 files that each attack one part of a
Standard MIDI File reader — huge ticks, huge note and event counts, SMPTE division, 0 tracks,
type 2 and impossible types, running-status tricks, absurd tempos, truncated chunks, lying chunk
lengths, over-long variable-length quantities, sysex and meta bombs — plus a few sound files
as controls. ``expect`` is the ``MidiError`` code (``code`` or ``code:reason``) that
``inference.music.midi_io.read_midi(data, "melody")`` must raise, or "" where the file must be read.

Used by tests/test_hostile_uploads.py (every upload path, no 5xx, nothing stored) and
bench/hostile_uploads.py (the CPU and memory each file costs). ``python -m tests.hostile_midi
DIR`` writes the files out for a look with other tools.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.midi_bytes import (
    EOT,
    ROOM,
    chunk,
    fill,
    filled_track,
    header,
    melody,
    notes,
    running_notes,
    song,
    tempo,
    vlq,
)

MB = 1024 * 1024
DAMAGED = "not_midi:damaged"


@dataclass(frozen=True)
class HostileFile:
    data: bytes
    expect: str  # the read_midi error code, "" when the file is usable


def _huge_ticks(files: dict[str, HostileFile]) -> None:
    # One short note, then one event at an absolute tick. pretty_midi refuses ticks of 10
    # million and more as corrupt; below that, what the event is decides the file's length.
    for tick in (9_999_990, 9_999_999, 10_000_000, 0x0FFFFFFF):
        for what, event, counts in (
            ("end of track", b"\xff\x2f\x00", False),
            ("stray note-off", b"\x80\x3c\x00", False),
            ("controller", b"\xb0\x40\x7f", True),
            ("text", b"\xff\x01\x01x", True),
        ):
            body = notes(1) + vlq(tick - 120) + event
            expect = DAMAGED if tick >= 10_000_000 else ("too_long" if counts else "")
            files[f"tick {tick:,} ({what})"] = HostileFile(header(0, 1, 480) + chunk(body), expect)
    # The 44-byte original: one event at tick 9,999,990 and nothing else.
    files["44 bytes, one event at tick 9,999,990"] = HostileFile(
        header(0, 1, 96) + chunk(vlq(9_999_990) + b"\xff\x2f\x00"), "empty:no_notes"
    )
    files["a note ten thousand minutes long"] = HostileFile(
        song(b"\x00\x90\x3c\x5a" + vlq(9_999_000) + b"\x80\x3c\x00", division=1), "too_long"
    )
    many_deltas = b"".join(vlq(0x0FFFFFFF) + b"\xff\x01\x00" for _ in range(8))
    files["deltas that add up past 2**31"] = HostileFile(song(notes(2) + many_deltas), DAMAGED)
    files["eleven minutes of slow notes"] = HostileFile(
        song(tempo(500_000) + notes(11, length=60 * 2 * 480)), "too_long"
    )


def _counts(files: dict[str, HostileFile]) -> None:
    files["20,000 notes (the limit)"] = HostileFile(melody(20_000, length=24), "")
    files["20,001 notes"] = HostileFile(melody(20_001, length=24), "too_many_notes")
    files["166,000 notes in 996 KB, running status"] = HostileFile(
        song(running_notes(166_000)), "too_many_notes"
    )
    dense = filled_track(b"\x00\x90\x3c\x5a", b"\x00\x3c\x00")
    files["333,000 events in 999 KB"] = HostileFile(dense, "too_many_events")
    files["100,001 controller events"] = HostileFile(
        song(notes(1) + b"\x00\xb0\x01\x01" + b"\x00\x01\x02" * 100_001), "too_many_events"
    )
    files["99,990 controller events and a note"] = HostileFile(
        song(notes(1) + b"\x00\xb0\x01\x01" + b"\x00\x01\x02" * 99_990), ""
    )
    same_key = b"\x00\x90\x3c\x5a" + b"\x01\x3c\x5a" * 30_000 + b"\x01\x80\x3c\x00"
    files["30,000 note-ons closed by one note-off"] = HostileFile(song(same_key), "too_many_notes")
    files["60,000 note-ons never closed"] = HostileFile(
        song(b"\x00\x90\x3c\x5a" + b"\x00\x3c\x5a" * 60_000), "empty:no_notes"
    )
    chord = bytearray()
    for _step in range(512):
        for voice in range(39):  # 19,968 notes in 32 bars: the most work a melody can ask for
            chord += vlq(0) + bytes((0x90, 30 + voice, 90))
        chord += vlq(120)
        for voice in range(39):
            chord += bytes((0x80, 30 + voice, 0)) + (b"\x00" if voice < 38 else b"")
    files["20,000 notes stacked in 32 bars"] = HostileFile(song(bytes(chord)), "")
    # The same count with no two notes alike: every note has its own length, and the shorter
    # ones are higher, so no note hides another and all 19,968 reach the polyphony reduction.
    events = []
    for step in range(512):
        for voice in range(39):
            start, stop = step * 120, step * 120 + (39 - voice) * 120
            events += [
                (start, 1, bytes((0x90, 40 + voice, 90))),
                (stop, 0, bytes((0x80, 40 + voice, 0))),
            ]
    events.sort(key=lambda event: (event[0], event[1]))
    staggered, now = bytearray(), 0
    for tick, _, message in events:
        staggered += vlq(tick - now) + message
        now = tick
    files["20,000 staggered notes in 32 bars"] = HostileFile(song(bytes(staggered)), "")
    every_channel = b"".join(notes(1000, channel=c, length=30) for c in range(16))
    files["16 channels of 1,000 notes"] = HostileFile(song(every_channel), "")
    files["256 tracks of 60 notes"] = HostileFile(song(*[notes(60) for _ in range(256)]), "")
    files["257 tracks"] = HostileFile(song(*[notes(1) for _ in range(257)]), "too_many_tracks")
    files["65,535 tracks declared"] = HostileFile(
        header(1, 0xFFFF) + chunk(notes(1)), "too_many_tracks"
    )
    files["131,000 empty tracks"] = HostileFile(
        fill(header(1, 0xFFFF), chunk(b"")), "too_many_tracks"
    )


def _headers(files: dict[str, HostileFile]) -> None:
    track = chunk(tempo(500_000) + notes(8) + EOT)
    for division in (0x8000, 0xE728, 0xE750, 0xFFFF, 0xE200):
        files[f"SMPTE division 0x{division:04X}"] = HostileFile(
            header(1, 1, division) + track, "not_midi:smpte"
        )
    files["division 0"] = HostileFile(header(1, 1, 0) + track, DAMAGED)
    files["division 1"] = HostileFile(header(1, 1, 1) + chunk(notes(8, length=1) + EOT), "")
    files["division 32767"] = HostileFile(header(1, 1, 0x7FFF) + track, "")
    files["0 tracks"] = HostileFile(header(1, 0), DAMAGED)
    files["0 tracks and a track after"] = HostileFile(header(1, 0) + track, DAMAGED)
    files["type 2"] = HostileFile(header(2, 2) + track + track, "")
    for fmt in (3, 7, 0x8000, 0xFFFF):
        files[f"type {fmt}"] = HostileFile(header(fmt, 1) + track, DAMAGED)
    files["type 0 with 3 tracks"] = HostileFile(header(0, 3) + track * 3, "")
    files["header length 0"] = HostileFile(header(length=0) + track, DAMAGED)
    files["header length 5"] = HostileFile(header(length=5) + track, DAMAGED)
    files["header length 10 (4 extra bytes)"] = HostileFile(
        header(length=10) + b"\x00" * 4 + track, ""
    )
    files["header length 0xFFFFFFFF"] = HostileFile(header(length=0xFFFFFFFF) + track, DAMAGED)
    files["header only"] = HostileFile(header(), DAMAGED)
    files["MThd alone"] = HostileFile(b"MThd", DAMAGED)
    files["13 bytes"] = HostileFile(header()[:13], DAMAGED)
    files["RIFF-wrapped MIDI"] = HostileFile(
        b"RIFF\x00\x00\x00\x00RMIDdata" + header() + track, "not_midi"
    )
    files["text"] = HostileFile(b"hello, this is not music" * 10, "not_midi")
    files["empty"] = HostileFile(b"", "empty")
    files["999 KB of zeros after MThd"] = HostileFile(b"MThd" + bytes(ROOM - 4), DAMAGED)
    files["1 MB + 1 byte"] = HostileFile(melody(8) + bytes(MB + 1 - len(melody(8))), "too_large")
    files["track count lies (3 said, 1 there)"] = HostileFile(header(1, 3) + track, DAMAGED)
    files["track count lies (1 said, 3 there)"] = HostileFile(header(1, 1) + track * 3, "")
    files["a chunk that is not MTrk"] = HostileFile(
        header(1, 2) + chunk(b"junk", b"XFIH") + track, DAMAGED
    )
    files["an empty MTrk"] = HostileFile(header(1, 2) + track + chunk(b""), DAMAGED)


def _lengths(files: dict[str, HostileFile]) -> None:
    body = tempo(500_000) + notes(8) + EOT
    for length in (0xFFFFFFFF, 0x7FFFFFFF, len(body) + 1, ROOM):
        files[f"track length {length:,} (too long)"] = HostileFile(
            header() + chunk(body, length=length), DAMAGED
        )
    for cut in (1, 2, 3, 5):
        files[f"track length {cut} short (an event crosses the end)"] = HostileFile(
            header() + chunk(body, length=len(body) - cut), DAMAGED
        )
    files["track length 0 then the events"] = HostileFile(
        header() + chunk(body, length=0) + body, DAMAGED
    )
    valid = song(tempo(500_000) + notes(16))
    for cut in range(15, len(valid), max(1, len(valid) // 40)):
        files[f"cut at byte {cut}"] = HostileFile(valid[:cut], DAMAGED)
    files["one byte short"] = HostileFile(valid[:-1], DAMAGED)


def _vlqs(files: dict[str, HostileFile]) -> None:
    track = notes(2)
    files["5-byte delta"] = HostileFile(song(track + b"\x81\x80\x80\x80\x00\xff\x01\x00"), DAMAGED)
    files["delta never ends"] = HostileFile(header() + chunk(track + b"\xff" * 64), DAMAGED)
    files["delta runs to the end of the file"] = HostileFile(
        header() + chunk(track + b"\x81"), DAMAGED
    )
    files["meta length 0x0FFFFFFF"] = HostileFile(
        song(track + b"\x00\xff\x01\xff\xff\xff\x7f"), DAMAGED
    )
    files["meta length 5 bytes"] = HostileFile(
        song(track + b"\x00\xff\x01\x81\x80\x80\x80\x00"), DAMAGED
    )
    files["meta length never ends"] = HostileFile(
        header() + chunk(track + b"\x00\xff\x01" + b"\x80" * 32), DAMAGED
    )
    files["sysex length 0x0FFFFFFF"] = HostileFile(
        song(track + b"\x00\xf0\xff\xff\xff\x7f\xf7"), DAMAGED
    )
    files["meta with no type byte"] = HostileFile(header() + chunk(track + b"\x00\xff"), DAMAGED)


def _running_status(files: dict[str, HostileFile]) -> None:
    files["running status first"] = HostileFile(song(b"\x00\x3c\x5a" + notes(4)), DAMAGED)
    files["running status after a meta"] = HostileFile(
        song(b"\x00\x90\x3c\x5a\x00\xff\x01\x00\x60\x3c\x00"), ""
    )
    files["running status after sysex"] = HostileFile(
        song(notes(2) + b"\x00\xf0\x02\x01\xf7\x00\x3c\x5a"), DAMAGED
    )
    files["running status across tracks"] = HostileFile(
        header(1, 2) + chunk(notes(2) + b"\x00\x90\x3c\x5a" + EOT) + chunk(b"\x00\x3c\x5a" + EOT),
        DAMAGED,
    )
    files["data byte above 127"] = HostileFile(song(b"\x00\x90\xbc\x5a" + notes(2)), DAMAGED)
    files["velocity above 127"] = HostileFile(song(b"\x00\x90\x3c\xff" + notes(2)), DAMAGED)
    files["undefined status 0xF4"] = HostileFile(song(notes(2) + b"\x00\xf4"), DAMAGED)
    files["undefined status 0xFD"] = HostileFile(song(notes(2) + b"\x00\xfd"), DAMAGED)
    files["system messages inside a track"] = HostileFile(
        song(notes(2) + b"\x00\xf8\x00\xfa\x00\xf2\x01\x02\x00\xf3\x05\x00\xf6\x00\xfe" + notes(2)),
        "",
    )
    files["running status on a system message"] = HostileFile(
        song(notes(2) + b"\x00\xf8\x00\x01"), DAMAGED
    )
    files["note-on velocity 0 as note-off"] = HostileFile(
        song(b"\x00\x90\x3c\x5a\x60\x3c\x00\x00\x3e\x5a\x60\x3e\x00"), ""
    )
    files["program and pressure in running status"] = HostileFile(
        song(b"\x00\xc0\x05\x00\x06\x00\xd0\x10\x00\x11" + notes(4)), ""
    )
    files["note-offs with no note-on"] = HostileFile(song(b"\x00\x80\x3c\x00" * 100 + notes(2)), "")
    files["a track ends inside a note"] = HostileFile(
        header() + chunk(notes(2) + b"\x00\x90\x3c"), DAMAGED
    )


def _tempos(files: dict[str, HostileFile]) -> None:
    for microseconds, expect in (
        (1, "tempo_out_of_range"),  # 60,000,000 qpm: FF 51 03 00 00 01
        (0xFFFFFF, "tempo_out_of_range"),  # 3.58 qpm
        (3_001_000, "tempo_out_of_range"),  # 19.99 qpm
        (3_000_001, ""),  # 19.99999 qpm: read as 20.00
        (3_000_000, ""),  # 20 qpm
        (150_000, ""),  # 400 qpm
        (149_900, "tempo_out_of_range"),  # 400.27 qpm
        (0, DAMAGED),
    ):
        files[f"tempo {microseconds} µs a beat"] = HostileFile(
            song(tempo(microseconds) + notes(8)), expect
        )
    files["tempo with 2 bytes"] = HostileFile(song(b"\x00\xff\x51\x02\x07\xa1" + notes(8)), DAMAGED)
    files["tempo with 200 bytes"] = HostileFile(
        song(b"\x00\xff\x51\x81\x48" + b"\x07" * 200 + notes(8)), ""
    )
    files["a tempo change every tick"] = HostileFile(
        song(b"".join(tempo(1 + i * 997, delta=1) for i in range(5000)) + notes(8)), ""
    )
    files["fastest tempo after a normal start"] = HostileFile(
        song(tempo(500_000) + tempo(1, 10) + notes(500)), ""
    )
    files["slowest tempo after a normal start (too long)"] = HostileFile(
        song(tempo(500_000) + tempo(0xFFFFFF, 10) + notes(200)), "too_long"
    )
    files["absurd tempo in track 2 only (ignored)"] = HostileFile(
        song(tempo(500_000), tempo(1) + notes(8)), ""
    )
    files["tempo 0 in track 2 (ignored)"] = HostileFile(
        song(tempo(500_000), tempo(0) + notes(8)), ""
    )


def _bombs(files: dict[str, HostileFile]) -> None:
    track = notes(4)
    big = ROOM - 200
    files["a 999 KB sysex"] = HostileFile(
        song(track + b"\x00\xf0" + vlq(big) + bytes(big - 1) + b"\xf7"), ""
    )
    files["333,000 tiny sysex messages"] = HostileFile(
        filled_track(b"", b"\x00\xf0\x00"), "too_many_events"
    )
    files["sysex length past the track"] = HostileFile(
        song(track + b"\x00\xf0\x7f\x01\x02"), DAMAGED
    )
    files["F7 escape with a lying length"] = HostileFile(song(track + b"\x00\xf7\x7f"), DAMAGED)
    files["a 999 KB text meta"] = HostileFile(
        song(track + b"\x00\xff\x01" + vlq(big) + b"a" * big), ""
    )
    files["250,000 empty text metas"] = HostileFile(
        filled_track(track, b"\x00\xff\x01\x00"), "too_many_events"
    )
    files["key signature 9 sharps"] = HostileFile(
        song(b"\x00\xff\x59\x02\x09\x00" + track), DAMAGED
    )
    files["key signature with 1 byte"] = HostileFile(song(b"\x00\xff\x59\x01\x00" + track), DAMAGED)
    files["time signature with 2 bytes"] = HostileFile(
        song(b"\x00\xff\x58\x02\x04\x02" + track), DAMAGED
    )
    files["time signature 0/4 on track 1"] = HostileFile(
        song(b"\x00\xff\x58\x04\x00\x02\x18\x08" + track), DAMAGED
    )
    files["time signature 4/2**255"] = HostileFile(
        song(b"\x00\xff\x58\x04\x04\xff\x18\x08" + track), ""
    )
    files["SMPTE offset with frame rate 7"] = HostileFile(
        song(b"\x00\xff\x54\x05\xe0\x00\x00\x00\x00" + track), DAMAGED
    )
    files["sequence number with 1 byte"] = HostileFile(
        song(b"\x00\xff\x00\x01\x05" + track), DAMAGED
    )
    files["unknown meta type 0x7E"] = HostileFile(song(b"\x00\xff\x7e\x03abc" + track), "")
    files["track name in Latin-1 bytes"] = HostileFile(
        song(b"\x00\xff\x03\x04\xff\xfe\x00\x80" + track), ""
    )
    files["drums only"] = HostileFile(song(notes(16, channel=9, pitch=36)), "no_track:only_drums")
    files["drums on pitches no kit has"] = HostileFile(
        song(notes(16, channel=9, pitch=100)), "no_track:only_drums"
    )
    files["only controllers"] = HostileFile(song(b"\x00\xb0\x40\x7f" * 50), "empty:no_notes")


def _random(files: dict[str, HostileFile]) -> None:
    rng = random.Random(13)
    valid = song(tempo(500_000) + notes(32))
    for i in range(12):
        files[f"random bytes after a header #{i}"] = HostileFile(
            header() + rng.randbytes(rng.randint(0, 3000)), DAMAGED
        )
    for i in range(12):
        corrupted = bytearray(valid)
        for _ in range(3):
            corrupted[rng.randrange(22, len(corrupted))] = rng.randrange(256)
        files[f"three random bytes changed #{i}"] = HostileFile(bytes(corrupted), "?")


def controls(files: dict[str, HostileFile]) -> None:
    files["a plain melody"] = HostileFile(melody(16), "")
    files["a plain melody, format 0"] = HostileFile(
        header(0, 1) + chunk(tempo(500_000) + notes(16) + EOT), ""
    )
    files["a plain melody at 96 ticks a beat"] = HostileFile(
        song(tempo(600_000) + notes(16, length=24), division=96), ""
    )


def corpus() -> dict[str, HostileFile]:
    files: dict[str, HostileFile] = {}
    for family in (
        _huge_ticks,
        _counts,
        _headers,
        _lengths,
        _vlqs,
        _running_status,
        _tempos,
        _bombs,
        _random,
        controls,
    ):
        family(files)
    return files


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-midi")
    folder.mkdir(parents=True, exist_ok=True)
    for index, (name, item) in enumerate(corpus().items()):
        safe = "".join(c if c.isalnum() else "-" for c in name)[:60]
        (folder / f"{index:03d}-{safe}.mid").write_bytes(item.data)
    print(f"{len(corpus())} files in {folder}")
