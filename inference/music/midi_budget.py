"""A streaming reader for untrusted Standard MIDI Files that enforces every budget as it goes.

pretty_midi (through mido) turns every event of a file into an object and allocates an array with
one float per tick up to the last event before anyone can ask how long the file is: a 44-byte file
with one event at tick 9,999,990 costs 240 MB, and a 1 MB file of 166,000 notes seconds of CPU.
This reader walks the bytes once (header chunk, track chunks, variable-length delta times, running
status, meta and sysex lengths) and refuses as soon as a budget is exceeded: bytes, tracks,
events, notes, ticks. Nothing it keeps grows with the file's duration, and what grows with its
content is bounded by those budgets, so any file up to ``MAX_BYTES`` costs a few tens of
milliseconds.

What it returns mirrors pretty_midi's reading exactly (which notes exist, which instrument they
belong to, in which order instruments appear, the tempo map from track 0, the end time), so that
:func:`inference.music.midi_io.read_midi` gives the same clips it gave when it parsed with
pretty_midi. Every refusal is a :class:`MidiError` (re-exported by ``inference.music.midi_io``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_BYTES = 1024 * 1024  # 1 MB
MAX_NOTES = 20_000
MAX_SECONDS = 600.0  # 10 minutes
# pretty_midi's own corruption guard (its MAX_TICK): kept so the same files are refused.
MAX_TICK = 10_000_000
# A format-1 file has one track per part; 256 is far above any song and keeps per-track work small.
MAX_TRACKS = 256
# 20,000 notes are 40,000 note events; the rest leaves room for pedals, bends and controllers.
MAX_EVENTS = 100_000
DEFAULT_TEMPO = 500_000  # microseconds per quarter note (120 qpm) until a tempo event says

# Data bytes after a channel status, by its high nibble (0x80 note off … 0xE0 pitch bend).
_CHANNEL_DATA = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}
# System common / real-time messages mido accepts inside a track, and their data bytes.
_SYSTEM_DATA = {0xF1: 1, 0xF2: 2, 0xF3: 1, 0xF6: 0, 0xF8: 0, 0xFA: 0, 0xFB: 0, 0xFC: 0, 0xFE: 0}
_TEXT = 0x01
_LYRICS = 0x05
_SET_TEMPO = 0x51
_TIME_SIGNATURE = 0x58
_KEY_SIGNATURE = 0x59
# Metas pretty_midi counts in a file's end time (signatures on track 0, words on any track).
_TIMED_METAS = (_TEXT, _LYRICS, _TIME_SIGNATURE, _KEY_SIGNATURE)


class MidiError(ValueError):
    """A MIDI input that cannot be used. ``code`` is a stable machine-readable reason; ``reason``
    tells its variants apart (e.g. ``empty`` with reason ``no_notes``: a MIDI file without notes);
    ``params`` holds the numbers a message needs (sizes, counts, limits)."""

    def __init__(self, code: str, message: str, reason: str = "", **params):
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        self.params = params


def _damaged(why: str) -> MidiError:
    return MidiError("not_midi", f"The MIDI file could not be parsed ({why}).", "damaged")


@dataclass
class Part:
    """One pretty_midi instrument: a (program, channel, track) that closed at least one note."""

    program: int
    is_drum: bool
    notes: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, pitch, vel


@dataclass
class Scan:
    resolution: int
    # pretty_midi's tick scales: (tick, seconds per tick), from track 0's tempo events.
    tick_scales: list[tuple[int, float]]
    parts: list[Part]
    notes: int
    events: int
    tracks: int
    end_tick: int  # the last tick pretty_midi counts in its end time (notes, controls, metas)
    # The first two time signatures of track 0: (tick, numerator, denominator).
    signatures: tuple[tuple[int, int, int], ...] = ()

    @property
    def pickup_tick(self) -> int:
        """Where the first full 4/4 bar starts after a pickup bar shorter than 4/4 (a 1/4 bar at
        tick 0 then 4/4, as written by ``clip_to_pretty_midi`` for hits pushed before the first
        beat); 0 when the file opens on a full bar."""
        if len(self.signatures) < 2:
            return 0
        (first, numerator, denominator), (tick, *following) = self.signatures
        quarters = numerator * 4 / denominator
        exact = tick == round(quarters * self.resolution)
        if first == 0 and following == [4, 4] and 0 < quarters < 4 and exact:
            return tick
        return 0

    @property
    def qpm(self) -> float:
        """The first tempo as pretty_midi's ``get_tempo_changes()[1][0]`` computes it."""
        return 60.0 / (self.tick_scales[0][1] * self.resolution)

    def seconds(self, tick: int) -> float:
        elapsed, (last_tick, last_scale) = 0.0, self.tick_scales[0]
        for start, scale in self.tick_scales[1:]:
            if start >= tick:
                break
            elapsed += (start - last_tick) * last_scale
            last_tick, last_scale = start, scale
        return elapsed + (tick - last_tick) * last_scale

    @property
    def end_seconds(self) -> float:
        last_change = self.seconds(self.tick_scales[-1][0])
        return max(self.seconds(self.end_tick), last_change)


def too_large(size: int) -> MidiError:
    """The refusal of a file over MAX_BYTES (also raised before reading it, from its size)."""
    return MidiError(
        "too_large",
        f"The MIDI file is {size:,} bytes; the limit is 1 MB.",
        size=size,
        limit=MAX_BYTES,
    )


def scan(data: bytes) -> Scan:
    """Read ``data`` within the budgets; raises :class:`MidiError` at the first one exceeded."""
    size = len(data)
    if not size:
        raise MidiError("empty", "The file is empty (0 bytes).")
    if size > MAX_BYTES:
        raise too_large(size)
    if not data.startswith(b"MThd"):
        raise MidiError("not_midi", "This is not a MIDI file (it does not start with 'MThd').")
    if size < 14:
        raise _damaged("the header is cut short")
    header_length = int.from_bytes(data[4:8], "big")
    if header_length < 6:
        raise _damaged("the header is shorter than 6 bytes")
    file_format = int.from_bytes(data[8:10], "big")
    track_count = int.from_bytes(data[10:12], "big")
    division = int.from_bytes(data[12:14], "big")
    if division & 0x8000:
        raise MidiError(
            "not_midi", "The MIDI file counts time in SMPTE frames, not beats.", "smpte"
        )
    if file_format > 2 or division == 0 or track_count == 0:
        raise _damaged(f"format {file_format}, {track_count} tracks, division {division}")
    if track_count > MAX_TRACKS:
        raise MidiError(
            "too_many_tracks",
            f"The MIDI file has {track_count:,} tracks; the limit is {MAX_TRACKS}.",
            tracks=track_count,
            limit=MAX_TRACKS,
        )
    reader = _Reader(data, division)
    position = 8 + header_length
    for track in range(track_count):
        if position + 8 > size or data[position : position + 4] != b"MTrk":
            raise _damaged(f"track {track + 1} of {track_count} is missing")
        end = position + 8 + int.from_bytes(data[position + 4 : position + 8], "big")
        if end > size:
            raise _damaged(f"track {track + 1} claims more bytes than the file has")
        reader.track(track, position + 8, end)
        position = end
    return Scan(
        division,
        reader.tick_scales,
        list(reader.parts.values()),
        reader.notes,
        reader.events,
        track_count,
        reader.end_tick,
        tuple(reader.signatures),
    )


class _Reader:
    """The state carried across tracks; ``track`` is the hot loop, kept flat on purpose."""

    def __init__(self, data: bytes, resolution: int):
        self.data = data
        self.resolution = resolution
        self.tick_scales: list[tuple[int, float]] = [(0, DEFAULT_TEMPO / 1e6 / resolution)]
        self.parts: dict[tuple[int, int, int], Part] = {}
        self.notes = 0
        self.events = 0
        self.end_tick = 0
        self.signatures: list[tuple[int, int, int]] = []

    def track(self, index: int, position: int, end: int) -> None:
        data, parts = self.data, self.parts
        events_left = MAX_EVENTS - self.events
        notes, end_tick = self.notes, self.end_tick
        programs = [0] * 16
        open_notes: dict[int, list[int]] = {}  # channel << 7 | pitch → [tick << 7 | velocity]
        stragglers: dict[int, int] = {}  # channel → tick of its last control without an instrument
        adopted: set[int] = set()
        tick = 0
        running = 0
        if position == end:
            raise _damaged(f"track {index + 1} has no events")  # pretty_midi fails on it too
        while position < end:
            # Delta time: a variable-length quantity of at most 4 bytes.
            byte = data[position]
            position += 1
            delta = byte & 0x7F
            length = 1
            while byte & 0x80:
                if position >= end or length == 4:
                    raise _damaged("a delta time runs past its track or over 4 bytes")
                byte = data[position]
                position += 1
                delta = (delta << 7) | (byte & 0x7F)
                length += 1
            tick += delta
            if tick >= MAX_TICK:
                raise _damaged(f"an event at tick {tick:,}, past pretty_midi's {MAX_TICK:,}")
            events_left -= 1
            if events_left < 0:
                raise MidiError(
                    "too_many_events",
                    f"The MIDI file has more than {MAX_EVENTS:,} events.",
                    limit=MAX_EVENTS,
                )
            if position >= end:
                raise _damaged("a track ends inside an event")
            status = data[position]
            if status & 0x80:
                position += 1
                if status != 0xFF:
                    running = status
            elif running:
                status = running  # running status: this byte is the first data byte
            else:
                raise _damaged("running status before any status byte")
            if status < 0xF0:
                kind = status & 0xF0
                count = _CHANNEL_DATA[kind]
                if position + count > end:
                    raise _damaged("a track ends inside an event")
                first = data[position]
                second = data[position + 1] if count == 2 else 0
                if first & 0x80 or second & 0x80:
                    raise _damaged("a data byte above 127")
                position += count
                channel = status & 0x0F
                if kind == 0x90 and second:
                    open_notes.setdefault(channel << 7 | first, []).append(tick << 7 | second)
                elif kind == 0x80 or kind == 0x90:
                    waiting = open_notes.get(channel << 7 | first)
                    if waiting is None:
                        continue  # pretty_midi ignores a note-off with no note-on
                    # One note-off closes every earlier note-on of its key; pretty_midi keeps
                    # one that starts on this very tick.
                    if len(waiting) == 1:
                        closing = waiting if waiting[0] >> 7 != tick else None
                        keep = None if closing else waiting
                    else:
                        closing = [on for on in waiting if on >> 7 != tick]
                        keep = [on for on in waiting if on >> 7 == tick]
                    if closing:
                        key = (programs[channel], channel, index)
                        part = parts.get(key)
                        if part is None:
                            part = parts[key] = Part(programs[channel], channel == 9)
                            if channel in stragglers:
                                adopted.add(channel)
                        append = part.notes.append
                        for on in closing:
                            append((on >> 7, tick, first, on & 0x7F))
                        notes += len(closing)
                        if notes > MAX_NOTES:
                            raise MidiError(
                                "too_many_notes",
                                f"The MIDI file has more than {MAX_NOTES:,} notes.",
                                notes=notes,
                                limit=MAX_NOTES,
                            )
                        if tick > end_tick:
                            end_tick = tick
                        if keep:
                            open_notes[channel << 7 | first] = keep
                            continue
                    del open_notes[channel << 7 | first]
                elif kind == 0xC0:
                    programs[channel] = first
                elif kind == 0xB0 or kind == 0xE0:
                    # pretty_midi files controls under the channel's current instrument, or
                    # under a "straggler" that only counts once a later instrument adopts it.
                    if (programs[channel], channel, index) in parts:
                        end_tick = tick if tick > end_tick else end_tick
                    else:
                        stragglers[channel] = tick
            elif status == 0xFF:
                if position >= end:
                    raise _damaged("a track ends inside a meta event")
                meta = data[position]
                position, length = _length(data, position + 1, end)
                body = data[position : position + length]
                position += length
                _check_meta(meta, body, index)
                if meta == _SET_TEMPO and index == 0:
                    self._tempo(tick, body)
                elif meta in _TIMED_METAS and (index == 0 or meta in (_LYRICS, _TEXT)):
                    end_tick = max(end_tick, tick)
                    if meta == _TIME_SIGNATURE and index == 0 and len(self.signatures) < 2:
                        self.signatures.append((tick, body[0], 1 << min(body[1], 6)))
            elif status == 0xF0 or status == 0xF7:
                if data[position - 1] != status:
                    raise _damaged("running status on a system exclusive message")
                position, length = _length(data, position, end)
                position += length
            else:
                count = _SYSTEM_DATA.get(status)
                if count is None or data[position - 1] != status:
                    raise _damaged(f"undefined status byte 0x{status:02x}")
                if position + count > end:
                    raise _damaged("a track ends inside an event")
                position += count
        for channel in adopted:
            end_tick = max(end_tick, stragglers[channel])
        self.events = MAX_EVENTS - events_left
        self.notes, self.end_tick = notes, end_tick

    def _tempo(self, tick: int, body: bytes) -> None:
        """pretty_midi's tempo map: a change at tick 0 replaces the map; repeats are dropped."""
        microseconds = int.from_bytes(body[:3], "big")
        if microseconds == 0:
            raise _damaged("a tempo of 0 microseconds per quarter note")
        scale = 60.0 / ((6e7 / microseconds) * self.resolution)
        if tick == 0:
            self.tick_scales = [(0, scale)]
        elif scale != self.tick_scales[-1][1]:
            self.tick_scales.append((tick, scale))


def _length(data: bytes, position: int, end: int) -> tuple[int, int]:
    """A meta or sysex length (a variable-length quantity); the body must fit in the track."""
    length = 0
    for _count in range(4):
        if position >= end:
            break
        byte = data[position]
        position += 1
        length = (length << 7) | (byte & 0x7F)
        if not byte & 0x80:
            if position + length > end:
                raise _damaged("a meta or sysex length runs past its track")
            return position, length
    raise _damaged("a meta or sysex length runs past its track or over 4 bytes")


def _check_meta(meta: int, body: bytes, track: int) -> None:
    """The meta events mido cannot decode (so pretty_midi refused the file): same refusal."""
    size = len(body)
    if (
        (meta == 0x00 and size == 1)
        or (meta == 0x20 and size < 1)
        or (meta == _SET_TEMPO and size < 3)
        or (meta == 0x54 and (size < 5 or body[0] >> 5 > 3))
        or (meta == _TIME_SIGNATURE and (size < 4 or (track == 0 and body[0] == 0)))
        or (meta == _KEY_SIGNATURE and (size < 2 or not _known_key(body)))
    ):
        raise _damaged(f"meta event 0x{meta:02x} with {size} bytes it cannot hold")


def _known_key(body: bytes) -> bool:
    sharps = body[0] - 256 if body[0] > 127 else body[0]
    return -7 <= sharps <= 7 and body[1] in (0, 1)
