"""Standard MIDI File pieces written byte by byte (no MIDI library), for tests that need files a
library would refuse to write: lying lengths, over-long numbers, absurd tempos.
"""

from __future__ import annotations

# The studio takes uploads up to 1,000,000 bytes (settings.MAX_UPLOAD_BYTES; the reader's own
# limit is 1 MiB): the big files stay just under it, so they reach the reader.
ROOM = 999_000


def vlq(value: int) -> bytes:
    """A MIDI variable-length quantity (7 bits a byte, high bit set on all but the last)."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def header(fmt: int = 1, tracks: int = 1, division: int = 480, length: int = 6) -> bytes:
    body = fmt.to_bytes(2, "big") + tracks.to_bytes(2, "big") + division.to_bytes(2, "big")
    return b"MThd" + length.to_bytes(4, "big") + body


def chunk(body: bytes, name: bytes = b"MTrk", length: int | None = None) -> bytes:
    return name + (len(body) if length is None else length).to_bytes(4, "big") + body


EOT = b"\x00\xff\x2f\x00"


def tempo(microseconds: int, delta: int = 0) -> bytes:
    return vlq(delta) + b"\xff\x51\x03" + microseconds.to_bytes(3, "big")


def notes(count: int, length: int = 120, channel: int = 0, gap: int = 0, pitch: int = 60) -> bytes:
    """``count`` notes one after another, each ``length`` ticks (``gap`` ticks apart)."""
    on, off = 0x90 | channel, 0x80 | channel
    out = bytearray()
    for i in range(count):
        key = pitch + i % 12
        out += vlq(gap) + bytes((on, key, 90)) + vlq(length) + bytes((off, key, 0))
    return bytes(out)


def running_notes(count: int, length: int = 1) -> bytes:
    """Notes in running status: 3 bytes an event after the first, the densest a file gets."""
    out = bytearray(b"\x00\x90\x3c\x5a")
    for i in range(count):
        out += vlq(length) + bytes((60 + i % 12, 0)) + b"\x00" + bytes((60 + (i + 1) % 12, 90))
    return bytes(out)


def song(*tracks: bytes, fmt: int = 1, division: int = 480) -> bytes:
    return header(fmt, len(tracks), division) + b"".join(chunk(t + EOT) for t in tracks)


def melody(count: int = 16, **kw) -> bytes:
    return song(tempo(500_000) + notes(count, **kw))


def fill(prefix: bytes, unit: bytes, size: int = ROOM) -> bytes:
    """``prefix`` followed by as many ``unit`` as fit in about ``size`` bytes."""
    return prefix + unit * ((size - len(prefix)) // len(unit))


def filled_track(first_events: bytes, unit: bytes) -> bytes:
    """A format-0 file of just under 1 MB: one track of ``first_events`` and then ``unit``
    repeated (its chunk length true)."""
    return header(0, 1) + chunk(fill(first_events, unit, ROOM - 22))
