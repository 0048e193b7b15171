"""MIDI → OGG Vorbis with FluidSynth and a General MIDI SoundFont, for playback in the page.

Uses Debian's ``fluidsynth`` command (fast file rendering, no audio device) with the GM SoundFont
that pretty_midi ships (``TimGM6mb.sf2``), unless ``KANADE_SOUNDFONT`` points at another one.
When either is missing, :func:`audio_unavailable_reason` says why and jobs still succeed with MIDI.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

SAMPLE_RATE = 22_050  # plenty for a classroom preview; keeps each OGG small
RENDER_TIMEOUT_S = 60


def soundfont_path() -> Path | None:
    configured = getattr(settings, "KANADE_SOUNDFONT", "")
    if configured:
        return Path(configured)
    try:
        import pretty_midi
    except ImportError:
        return None
    return Path(pretty_midi.__file__).parent / "TimGM6mb.sf2"


def fluidsynth_command() -> str | None:
    return shutil.which(getattr(settings, "KANADE_FLUIDSYNTH", "") or "fluidsynth")


def audio_unavailable_reason() -> str | None:
    if fluidsynth_command() is None:
        return "Audio preview is unavailable on this server (FluidSynth is not installed); download the MIDI to listen."
    font = soundfont_path()
    if font is None or not font.is_file():
        return f"Audio preview is unavailable on this server (no SoundFont at {font}); download the MIDI to listen."
    return None


class AudioError(RuntimeError):
    pass


def render_ogg(midi: bytes) -> bytes:
    """Render MIDI bytes to OGG Vorbis bytes (raises AudioError with FluidSynth's words)."""
    command = fluidsynth_command()
    font = soundfont_path()
    if command is None or font is None:
        raise AudioError(audio_unavailable_reason() or "FluidSynth is not available")
    with tempfile.TemporaryDirectory(prefix="kanade-audio-") as folder:
        midi_path, ogg_path = Path(folder) / "in.mid", Path(folder) / "out.ogg"
        midi_path.write_bytes(midi)
        # -n: no MIDI input driver, -i: not interactive, -F: render to a file as fast as possible.
        argv = [command, "-ni", "-q", "-F", str(ogg_path), "-T", "oga", "-r", str(SAMPLE_RATE)]
        argv += ["-g", "0.7", str(font), str(midi_path)]
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=RENDER_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise AudioError(f"FluidSynth took longer than {RENDER_TIMEOUT_S} s") from error
        if done.returncode != 0 or not ogg_path.is_file() or ogg_path.stat().st_size == 0:
            detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:]
            raise AudioError(f"FluidSynth failed (exit {done.returncode}) {' '.join(detail)}")
        return ogg_path.read_bytes()
