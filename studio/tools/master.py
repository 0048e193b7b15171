"""Master: a student's track mastered to a reference track's loudness, tone and width, or to a
named loudness target (``inference.mastering``: measured DSP, no learned model).

Its inputs are audio (``InputSlot`` kind ``audio``): read under the mastering reader's budgets
at submission, silence refused there, stored as sent. A run returns one ``AudioOutput``: the
24-bit WAV, an OGG preview, OGG previews of the inputs (the page's A/B player plays them at
equal loudness) and the report.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .base import AudioOutput, Tool, ToolInputs, ToolResult
from .fields import ChoiceField, InputSlot

TARGET = ChoiceField(
    "target",
    _("Loudness target"),
    _("Used when there is no reference track: how loud the master should be, in LUFS."),
    (
        ("streaming", _("Streaming (−14 LUFS)")),
        ("loud", _("Loud (−9 LUFS)")),
        ("broadcast", _("Broadcast (−23 LUFS)")),
    ),
    "streaming",
)


class MasterTool(Tool):
    def run(self, params: dict, inputs: ToolInputs) -> ToolResult:
        from inference.mastering import master, read_audio
        from inference.mastering.output import encode_ogg

        track, reference = inputs.audio["input"], inputs.audio.get("reference")
        target = None if reference is not None else params["target"]
        wav, preview, report = master(track, reference, target)
        previews = {}
        for slot, data in (("input", track), ("reference", reference)):
            if data is not None:
                audio = read_audio(data)  # already read once at submission: within budget
                previews[slot] = encode_ogg(audio.samples, audio.rate)
        notices = []
        if "target_not_reached" in report["notices"]:
            notices.append(
                f"The limiter kept the true peak under {report['ceiling_dbtp']:g} dBTP, so the "
                f"master stays short of {report['target_lufs']:g} LUFS."
            )
        return ToolResult([], notices, audio=[AudioOutput(wav, preview, report, previews)])


TOOL = MasterTool(
    slug="master",
    title=_("Master"),
    summary=_(
        "Upload your track and a reference track (or pick a loudness target): the studio "
        "matches loudness, tone and stereo width, keeps the true peak under −1 dBTP, and shows "
        "what it measured."
    ),
    model=_("measured DSP (BS.1770 loudness, matched EQ, true-peak limiter), no learned model"),
    fields=(TARGET,),
    unless_input=(("target", "reference"),),
    inputs=(
        InputSlot(
            "input",
            _("Your track"),
            _("WAV, FLAC, OGG or MP3, mono or stereo, up to 10 minutes."),
            "audio",
        ),
        InputSlot(
            "reference",
            _("Reference track"),
            _(
                "A finished song whose sound you like. With a reference, its loudness replaces "
                "the loudness target."
            ),
            "audio",
            required=False,
        ),
    ),
    output_kind="audio",
    howto=(
        _(
            "Pick an example track, upload your own (export it from your music app as WAV or "
            "FLAC), or send a result here from another tool."
        ),
        _(
            "Add a reference track (the bright example, or your own), or leave it out and pick a "
            "loudness target."
        ),
        _("Press Generate. A 3-minute track takes a few seconds."),
        _(
            "Read the report, then compare before and after with the A/B player: both play at "
            "the same loudness, so you hear the tone, not the volume."
        ),
        _("Download the 24-bit WAV."),
    ),
    about=(
        _(
            "iZotope Ozone's Master Assistant listens to your track and uses machine learning: a "
            "classifier trained on many songs guesses the genre, and the assistant picks a target "
            "tone curve for that genre (or takes one from a reference track you give it). It then "
            "sets an equaliser, a maximizer and other modules, aiming by default at −14 LUFS, "
            "about the level streaming services turn songs to."
        ),
        _(
            "This tool learns nothing and guesses nothing. It measures: loudness by the "
            "broadcast standard ITU-R BS.1770 (the “LUFS” numbers), the long-term spectrum of "
            "your track and of the reference, and their stereo width. It applies the difference "
            "as a smooth linear-phase EQ (mid and side separately), matches the width, sets the "
            "gain to reach the reference's loudness or your target, and a limiter holds the true "
            "peak at −1 dBTP. Without a reference it only sets loudness: it has no genre curves."
        ),
        _(
            "Louder almost always sounds “better” at first hearing. That is why the A/B player "
            "turns the louder version down to the quieter one's measured loudness: judge the "
            "tone and the dynamics, not the volume."
        ),
    ),
)
