"""Every message the studio can send a student, by stable code, in plain words.

A problem travels as a code plus parameters (``StudioMessage``) and becomes words only when it is
shown, in the language active at that moment: the API sets the request's language
(``api_language``), pages theirs, and a job's stored failure is worded when the job is read, so a
job that fails while a Japanese student waits is reported in Japanese. The English text is the
msgid; the Japanese lives in locale/ja/LC_MESSAGES/django.po.

Parameters named ``label`` (a field or input's label) or ``tool`` (a tool's slug) are turned into
the translated label or tool name when the message is worded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # A setting (number, choice or text field).
    "not_whole_number": _("“%(label)s” must be a whole number (you entered “%(value)s”)."),
    "not_a_number": _("“%(label)s” must be a number (you entered “%(value)s”)."),
    "out_of_range": _("“%(label)s” must be from %(min)s to %(max)s (you entered %(value)s)."),
    "not_a_choice": _("Choose “%(label)s” from: %(choices)s (you sent “%(value)s”)."),
    "text_too_long": _("“%(label)s” is too long: %(length)s characters (at most %(max)s)."),
    # An input clip (upload, example, drawing or earlier result).
    "input_missing": _(
        "“%(label)s” is empty: pick an example, upload a MIDI file, or draw notes in the grid."
    ),
    "audio_missing": _(
        "“%(label)s” is empty: pick an example track, upload an audio file (WAV, FLAC, OGG or "
        "MP3), or send a result here from another tool."
    ),
    "drawing_empty": _(
        "Your drawing for “%(label)s” is empty: click squares in the grid to place notes first."
    ),
    "input_conflict": _(
        "Use only one thing for “%(label)s”: a MIDI file, an example or an earlier result."
    ),
    "file_too_large": _("The file for “%(label)s” is too big (%(size)s; at most %(limit)s)."),
    "unknown_example": _("There is no example clip called “%(value)s”."),
    "example_unavailable": _(
        "The example tracks cannot be played on this server (it has no synthesizer). Upload "
        "an audio file instead."
    ),
    "job_not_found": _(
        "The earlier result for “%(label)s” is gone (results are deleted after a few days). "
        "Make it again, then send it here."
    ),
    "job_not_done": _(
        "The earlier result for “%(label)s” is not finished yet. Wait until it is done."
    ),
    "bad_index": _("The earlier result for “%(label)s” has no variation %(value)s."),
    "job_no_audio": _(
        "The earlier result for “%(label)s” has no audio (it could not be rendered). Download "
        "its MIDI file, render it in your music app, and upload the audio."
    ),
    # Reading a MIDI file (inference.music.midi_io.MidiError: code, or code:reason).
    "not_midi": _(
        "The file for “%(label)s” is not a MIDI file inside, whatever its name says. Choose a "
        "MIDI file saved from a music app or a DAW."
    ),
    "not_midi:damaged": _(
        "The file for “%(label)s” starts like a MIDI file but is damaged, so it cannot be read."
    ),
    "not_found": _("The MIDI file for “%(label)s” could not be opened."),
    "empty": _("The file for “%(label)s” is empty."),
    "empty:no_notes": _("The MIDI file for “%(label)s” has no notes in it."),
    "too_large": _("The file for “%(label)s” is too big (%(size)s; at most %(limit)s)."),
    "too_many_notes": _(
        "The MIDI file for “%(label)s” has too many notes (more than %(limit)s). "
        "Send a shorter part of the song."
    ),
    "too_many_tracks": _(
        "The MIDI file for “%(label)s” has too many tracks (%(tracks)s; at most %(limit)s)."
    ),
    "too_many_events": _(
        "The MIDI file for “%(label)s” holds too much (more than %(limit)s notes, pedal and "
        "other events). Send a shorter part of the song."
    ),
    "not_midi:smpte": _(
        "The MIDI file for “%(label)s” counts time in video frames (SMPTE), which the studio "
        "cannot read. Save it again from your music app with time counted in beats."
    ),
    "tempo_out_of_range": _(
        "The MIDI file for “%(label)s” has a tempo of %(qpm)s beats per minute; the models can "
        "play %(min)s to %(max)s. Change the tempo in your music app and save it again."
    ),
    "too_long": _(
        "The MIDI file for “%(label)s” is too long (%(minutes)s minutes; at most %(limit)s)."
    ),
    "no_track:only_drums": _(
        "The MIDI file for “%(label)s” only has drums; this needs a melody, bass line or chords."
    ),
    "no_track:no_drums": _("The MIDI file for “%(label)s” has no drums; this needs a drum part."),
    "no_track:no_drum_sounds": _(
        "The drums in “%(label)s” use none of the 9 drum sounds the model knows "
        "(kick, snare, hi-hats, toms, crash, ride)."
    ),
    "no_track": _("The MIDI file for “%(label)s” has no part this tool can use."),
    # Reading an audio file (inference.mastering.MasteringError: code, or code:reason).
    "not_audio": _(
        "The file for “%(label)s” is not a WAV, FLAC, OGG or MP3 audio file inside, whatever its "
        "name says. Export your track from your music app as WAV or FLAC."
    ),
    "not_audio:damaged": _(
        "The file for “%(label)s” starts like an audio file but is damaged, so it cannot be read."
    ),
    "too_large:decoded": _(
        "The audio for “%(label)s” would be too big once unpacked. Send a shorter track or a "
        "lower sample rate."
    ),
    "audio_too_long": _(
        "The audio for “%(label)s” is too long (at least %(minutes)s minutes; at most "
        "%(limit)s minutes). Send a shorter track."
    ),
    "too_short": _(
        "The audio for “%(label)s” is too short (%(seconds)s seconds): loudness is measured "
        "over at least %(limit)s second."
    ),
    "too_many_channels": _(
        "The audio for “%(label)s” has %(channels)s channels; send a mono or stereo file."
    ),
    "bad_sample_rate": _(
        "The audio for “%(label)s” has a sample rate of %(rate)s Hz; the studio takes %(low)s "
        "to %(high)s Hz."
    ),
    "silent": _(
        "“%(label)s” is silence (quieter than −70 LUFS throughout): there is nothing to master."
    ),
    "silent_reference": _(
        "“%(label)s” is silence (quieter than −70 LUFS throughout), so there is nothing to "
        "match. Choose another reference track, or a loudness target instead."
    ),
    # Melody RNN's primer.
    "primer_invalid": _(
        "“%(label)s” must be a list like [60, -2, 62]: 0 to 127 are notes (60 is middle C), "
        "-2 holds the note, -1 stops it."
    ),
    "primer_and_midi": _("Give the primer either as “%(label)s” or as a MIDI file, not both."),
    "primer_too_long": _(
        "“%(label)s” (%(value)s) counts the primer too, so it must be more than the primer's "
        "%(primer)s steps."
    ),
    # Settings that only fit together (NSynth's instruments and pitch).
    "no_common_pitch": _(
        "These instruments have no pitch in common: %(ranges)s. Choose instruments whose "
        "ranges overlap."
    ),
    "pitch_outside_instruments": _(
        "“%(label)s” must be from %(min)s to %(max)s, the pitches that %(names)s can all play "
        "(you entered %(value)s)."
    ),
    "pad_needs_both": _("For the pad, choose both “%(c)s” and “%(d)s”, or leave both out."),
    # The request as a whole.
    "form_unreadable": _("The form could not be read. Reload the page and try again."),
    "unknown_tool": _("There is no tool called “%(value)s”. The tools are: %(tools)s."),
    "rate_limited": _(
        "You have pressed Generate %(limit)s times in %(window)s seconds. Give the models a "
        "short breather and try again in %(seconds)s seconds."
    ),
    "address_rate_limited": _(
        "Many requests came from your network (%(limit)s in %(window)s seconds). Please try "
        "again in %(seconds)s seconds."
    ),
    "too_many_refused": _(
        "Many files or forms that could not be used came from your network in the last "
        "%(window)s seconds. Please check your file and try again in %(seconds)s seconds."
    ),
    "too_many_waiting": _(
        "You already have %(waiting)s requests waiting. Wait until one of them is finished, "
        "then press Generate again."
    ),
    "network_too_many_waiting": _(
        "%(waiting)s requests from your network are already waiting. Please try again in a minute."
    ),
    "queue_full": _(
        "The studio is busy right now (%(queued)s requests are waiting). "
        "Please try again in a minute."
    ),
    "queue_unavailable": _(
        "The studio cannot reach its work queue right now, so nothing was made. Please try "
        "again in a minute. (The rest of the site still works.)"
    ),
    "model_unavailable": _(
        "The model for “%(tool)s” is not ready on this server yet, so this tool cannot make "
        "anything for now."
    ),
    "no_such_job": _("This result is gone (results are deleted after a few days)."),
    "zip_not_ready": _("The zip can be downloaded once the result is finished."),
    "no_such_example": _("There is no example clip called “%(value)s”."),
    "bad_parts": _(
        "These parts cannot be put together: pick 2 to 4 finished parts that still exist."
    ),
    "csrf_failed": _(
        "The request was refused because its security token (CSRF) is missing or out of date. "
        "Reload the page and try again. A script must send the csrftoken cookie and the same "
        "value in an X-CSRFToken header."
    ),
    # Why a job failed (stored on the job as a code, worded when read).
    "bad_input": _("The model could not use these inputs. Try another clip or other settings."),
    "internal_error": _(
        "Something went wrong on the server while making this. It has been recorded; "
        "please try again."
    ),
    "interrupted": _(
        "This was interrupted (the server restarted or it took too long). Please generate again."
    ),
    "worker_lost_twice": _(
        "Making this stopped the generator twice (it may need too much memory or time). "
        "Please try smaller settings."
    ),
    "runner_lost": _(
        "The generator stopped %(attempts)s times while making this (it may need too much "
        "memory or time). Please try smaller settings."
    ),
    "failed": _("This could not be made. Please try again."),
}


def human_size(size: int) -> str:
    """A byte count as people read it: 980 bytes, 640 KB, 5.2 MB."""
    if size >= 1_000_000:
        return gettext("%(n)s MB") % {"n": f"{size / 1e6:.1f}".rstrip("0").rstrip(".")}
    if size >= 1_000:
        return gettext("%(n)s KB") % {"n": f"{size / 1e3:.0f}"}
    return ngettext("%(n)s byte", "%(n)s bytes", size) % {"n": size}


def _in_bytes(size: int) -> str:
    return ngettext("%(n)s byte", "%(n)s bytes", size) % {"n": f"{size:,}"}


def list_words(words) -> str:
    return " / ".join(str(word) for word in words)  # reads the same in both languages


def _worded(name: str, value):
    """A parameter as it appears in a message: labels and tool names translated, numbers plain."""
    if name == "tool":
        from .tools import get_tool

        tool = get_tool(str(value))
        return str(tool.title) if tool else value
    if name == "size":
        return human_size(int(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return list_words(value)
    return str(value)


def _slot_label(tool_name: str, slot_name: str) -> str:
    from .tools import get_tool

    tool = get_tool(tool_name)
    slots = {slot.name: slot for slot in tool.inputs} if tool else {}
    return str(slots[slot_name].label) if slot_name in slots else slot_name


def word(code: str, params: dict | None = None) -> str:
    """The message for ``code`` in the active language (an unknown code: the generic failure)."""
    template = MESSAGES.get(code) or MESSAGES.get(code.split(":")[0]) or MESSAGES["failed"]
    values = {name: _worded(name, value) for name, value in (params or {}).items()}
    if "slot" in values and "label" not in values:  # a job's refusal names its input slot
        values["label"] = _slot_label(str((params or {}).get("tool")), values["slot"])
    if code in ("file_too_large", "too_large") and "limit" in values:
        values["limit"] = human_size(int((params or {})["limit"]))
        if values.get("size") == values["limit"]:  # 1,048,512 bytes is "1 MB" too: say bytes
            values["size"], values["limit"] = (
                _in_bytes(int((params or {})[name])) for name in ("size", "limit")
            )
    text = str(template)
    try:
        return text % values if "%(" in text else text
    except (KeyError, ValueError, TypeError):  # a parameter missing: still say something true
        return str(MESSAGES["failed"])


@dataclass
class StudioMessage:
    """A problem as code + parameters; ``text`` words it in the active language."""

    code: str
    params: dict = field(default_factory=dict)
    field: str | None = None

    @property
    def text(self) -> str:
        return word(self.code, self.params)

    def as_json(self) -> dict:
        body = {"code": self.code, "message": self.text}
        if self.field is not None:
            body["field"] = self.field
        return body
