"""MIDI → OGG Vorbis (playback in the page) or WAV (a download for a DAW) with FluidSynth and a
General MIDI SoundFont.

Renders in-process with libfluidsynth (through pyfluidsynth) and the GM SoundFont that
pretty_midi ships (``TimGM6mb.sf2``), unless ``KANADE_SOUNDFONT`` points at another one.
When either is missing, :func:`audio_unavailable_reason` says why and jobs still succeed with MIDI.

FluidSynth's own file player keeps rendering for seconds after the last note (it waits for every
voice and then some), so a 2-bar clip came back with 3 s of silence and the page's timeline was
mostly empty. Here the renderer is driven block by block and stops at the music's end plus a
short release, with the channel volume faded out over its last part so the cut never clicks.
"""

from __future__ import annotations

import io
import math
import tempfile
import threading
from pathlib import Path

from django.conf import settings

SAMPLE_RATE = 22_050  # plenty for a classroom preview; keeps each OGG small
WAV_SAMPLE_RATE = 44_100  # a download goes into a DAW session: CD rate, 16-bit stereo
GAIN = 0.7
BLOCK_FRAMES = 512  # frames FluidSynth renders per call; the length is rounded up to this
RELEASE_S = 0.8  # sound kept after the last note ends (a piano's or a cymbal's decay)
FADE_S = 0.3  # the last part of the release, faded out to silence
FADE_STEPS = 12
MAX_RENDER_S = 15 * 60  # a bound on any file: the longest clip the tools make is a few minutes

# libfluidsynth keeps process-wide state while a SoundFont loads; renders may run on a pool.
_load_lock = threading.Lock()


def soundfont_path() -> Path | None:
    configured = getattr(settings, "KANADE_SOUNDFONT", "")
    if configured:
        return Path(configured)
    try:
        import pretty_midi
    except ImportError:
        return None
    return Path(pretty_midi.__file__).parent / "TimGM6mb.sf2"


def fluidsynth_library():
    """pyfluidsynth bound to libfluidsynth, or None when the library is not installed."""
    try:
        import fluidsynth
    except (ImportError, OSError):  # pyfluidsynth raises ImportError when the .so is missing
        return None
    return fluidsynth


def audio_unavailable_reason() -> str | None:
    if fluidsynth_library() is None:
        return "Audio preview is unavailable on this server (FluidSynth is not installed); download the MIDI to listen."
    font = soundfont_path()
    if font is None or not font.is_file():
        return f"Audio preview is unavailable on this server (no SoundFont at {font}); download the MIDI to listen."
    return None


class AudioError(RuntimeError):
    pass


def music_end_s(midi: bytes) -> float:
    """Seconds until the last note ends (what a listener calls the length of the clip)."""
    import pretty_midi

    score = pretty_midi.PrettyMIDI(io.BytesIO(midi))
    ends = [note.end for instrument in score.instruments for note in instrument.notes]
    return max(ends, default=0.0)


def with_fade_out(midi: bytes, music_end: float) -> bytes:
    """The MIDI with each channel's volume ramped to 0 over the end of the release."""
    import pretty_midi

    score = pretty_midi.PrettyMIDI(io.BytesIO(midi))
    fade_start = music_end + RELEASE_S - FADE_S
    for instrument in score.instruments:
        earlier = [
            cc for cc in instrument.control_changes if cc.number == 7 and cc.time <= fade_start
        ]
        volume = earlier[-1].value if earlier else 100  # GM's default channel volume
        for step in range(1, FADE_STEPS + 1):
            value = round(volume * (1 - step / FADE_STEPS))
            when = fade_start + FADE_S * step / FADE_STEPS
            instrument.control_changes.append(pretty_midi.ControlChange(7, value, when))
    buffer = io.BytesIO()
    score.write(buffer)
    return buffer.getvalue()


def render_ogg(midi: bytes) -> bytes:
    """Render MIDI bytes to OGG Vorbis: the music plus RELEASE_S (raises AudioError)."""
    return _render(midi, "oga", SAMPLE_RATE)


def render_wav(midi: bytes) -> bytes:
    """Render MIDI bytes to 16-bit stereo WAV at WAV_SAMPLE_RATE, cut like render_ogg."""
    return _render(midi, "wav", WAV_SAMPLE_RATE)


def _render(midi: bytes, file_type: str, rate: int) -> bytes:
    library = fluidsynth_library()
    font = soundfont_path()
    if library is None or font is None or not font.is_file():
        raise AudioError(audio_unavailable_reason() or "FluidSynth is not available")
    try:
        end = music_end_s(midi)
        faded = with_fade_out(midi, end)
    except Exception as error:  # noqa: BLE001 - our own files; a bad one must not fail the job
        raise AudioError(f"the MIDI could not be read for rendering ({error})") from error
    seconds = min(end + RELEASE_S, MAX_RENDER_S)
    blocks = max(1, math.ceil(seconds * rate / BLOCK_FRAMES))
    with tempfile.TemporaryDirectory(prefix="kanade-audio-") as folder:
        midi_path, out_path = Path(folder) / "in.mid", Path(folder) / f"out.{file_type}"
        midi_path.write_bytes(faded)
        _render_blocks(library, font, midi_path, out_path, blocks, file_type, rate)
        if not out_path.is_file() or out_path.stat().st_size == 0:
            raise AudioError("FluidSynth wrote no audio")
        return out_path.read_bytes()


def _render_blocks(
    library, font: Path, midi_path: Path, out_path: Path, blocks: int, file_type: str, rate: int
) -> None:
    options = {
        "audio.file.name": str(out_path),
        "audio.file.type": file_type,
        "audio.file.format": "s16",  # FluidSynth's default, named for the WAV download
        "audio.period-size": BLOCK_FRAMES,
        # The MIDI player must follow the rendered samples, not the wall clock (as fluidsynth -F).
        "player.timing-source": "sample",
        "synth.lock-memory": 0,
    }
    synth = library.Synth(gain=GAIN, samplerate=rate, **options)
    player = renderer = None
    try:
        with _load_lock:
            if synth.sfload(str(font)) == library.FLUID_FAILED:
                raise AudioError(f"FluidSynth could not load the SoundFont {font}")
        player = library.new_fluid_player(synth.synth)
        if library.fluid_player_add(player, str(midi_path).encode()) == library.FLUID_FAILED:
            raise AudioError("FluidSynth could not read the MIDI file")
        library.fluid_player_play(player)
        renderer = library.new_fluid_file_renderer(synth.synth)
        if not renderer:
            raise AudioError(f"FluidSynth could not open a {file_type} file to write")
        for _ in range(blocks):
            if library.fluid_file_renderer_process_block(renderer) != library.FLUID_OK:
                raise AudioError("FluidSynth stopped while rendering")
    finally:
        if renderer:
            library.delete_fluid_file_renderer(renderer)  # flushes and closes the OGG file
        if player:
            library.fluid_player_stop(player)
            library.delete_fluid_player(player)
        synth.delete()
