"""What each file of the hostile MIDI corpus costs to accept or refuse: CPU and extra memory.

    .venv/bin/python bench/hostile_uploads.py [--runs 3] [--no-old] [--json out.json]

For every file of tests/hostile_midi.py it measures, in child processes (the corpus is built
before measuring, so its bytes are not counted):

* **new**: what the studio does with an upload now (``studio.forms._read`` without
  Django): ``midi_budget.scan`` once, read as a melody, as drums when there is no melodic part
  (Drumify's "any" slot, the most work a slot can ask for), then the tempo check;
* **old**: the pretty_midi-first path it replaced (parse the whole file with pretty_midi, then
  check notes and length, then quantize), kept here for the comparison.

CPU is ``time.process_time`` (best of ``--runs`` for the new path, one run for the old one,
which takes seconds on the big files); memory is the tracemalloc peak above what was allocated
before the read (a separate pass, since tracing slows the code down), and the child's peak RSS.
The goal: every upload of at most 1 MB accepted or refused within 100 ms of CPU and 20 MB of
extra memory. The exit status is 1 when a file misses it.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inference.music.midi_budget import scan  # noqa: E402
from inference.music.midi_io import MAX_QPM, MIN_QPM, MidiError, import_pretty_midi, read_midi  # noqa: E402
from tests.hostile_midi import corpus  # noqa: E402
from tests.pretty_midi_reference import pretty_midi_clip  # noqa: E402

MAX_STEPS = 32 * 16  # the studio cuts every input to 32 bars
GOAL_MS, GOAL_MB, UPLOAD_LIMIT = 100.0, 20.0, 1024 * 1024


def new_path(data: bytes) -> str:
    try:
        scanned = scan(data)
        try:
            clip = read_midi(scanned, "melody", max_steps=MAX_STEPS)
        except MidiError as error:
            if error.code != "no_track":
                raise
            clip = read_midi(scanned, "drums", max_steps=MAX_STEPS)
    except MidiError as error:
        return f"{error.code}:{error.reason}" if error.reason else error.code
    return "accepted" if MIN_QPM <= clip.qpm <= MAX_QPM else "tempo_out_of_range"


def old_path(data: bytes) -> str:
    """The reading this project did before the streaming reader (pretty_midi first)."""
    if not data:
        return "empty"
    if len(data) > UPLOAD_LIMIT:
        return "too_large"
    if not data.startswith(b"MThd"):
        return "not_midi"
    pretty_midi = import_pretty_midi()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            midi = pretty_midi.PrettyMIDI(io.BytesIO(data))
        for kind in ("melody", "drums"):
            outcome = _old_clip(midi, kind)
            if outcome != "no_track":
                return outcome
        return outcome
    except Exception:  # noqa: BLE001 - the old path wrapped everything as a damaged file
        return "not_midi:damaged"


def _old_clip(midi, kind: str) -> str:
    reading = pretty_midi_clip(midi, kind, MAX_STEPS)
    if isinstance(reading, str):
        return reading  # the refusal's code
    qpm = reading[1]
    return "accepted" if MIN_QPM <= qpm <= MAX_QPM else "tempo_out_of_range"


def django_form_path():
    """The new path as the studio runs it for Drumify: Django parses the multipart body (into
    an in-memory upload), then ``forms.validate`` reads the file and checks every setting."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webapp.settings_test")
    import django

    django.setup()
    from django.test import RequestFactory
    from django.test.client import encode_multipart

    from studio.forms import InvalidSubmission, validate
    from studio.tools import get_tool

    tool, factory = get_tool("drumify"), RequestFactory()

    def read(data: bytes) -> str:
        upload = io.BytesIO(data)
        upload.name = "upload.mid"
        body = encode_multipart("BoUnDaRy", {"input": upload, "temperature": "1"})
        request = factory.post(
            "/api/generate/drumify", body, content_type="multipart/form-data; boundary=BoUnDaRy"
        )
        try:
            validate(tool, request.POST, request.FILES)
        except InvalidSubmission as invalid:
            return invalid.problems[0].code
        return "accepted"

    return read


PATHS = {"new": new_path, "old": old_path, "django": None}


def child(path_name: str, runs: int) -> None:
    """Measure one path over the whole corpus; prints one JSON object."""
    read = PATHS[path_name] or django_form_path()
    files = corpus()
    read(files["a plain melody"].data)  # imports and first-call costs are not an upload's
    results: dict[str, dict] = {}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, item in files.items():
        timings = []
        for _ in range(runs):
            gc.collect()
            started = time.process_time()
            outcome = read(item.data)
            timings.append(time.process_time() - started)
        results[name] = {"bytes": len(item.data), "outcome": outcome, "cpu_ms": min(timings) * 1e3}
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    for name, item in files.items():
        gc.collect()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        read(item.data)
        results[name]["peak_mb"] = (tracemalloc.get_traced_memory()[1] - before) / 1e6
    tracemalloc.stop()
    print(json.dumps({"files": results, "rss_growth_mb": (rss_after - rss_before) / 1024}))


def measure(path_name: str, runs: int) -> dict:
    command = [sys.executable, __file__, "--child", path_name, "--runs", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the new path (best)")
    parser.add_argument("--no-old", action="store_true", help="skip the slow pretty_midi path")
    parser.add_argument(
        "--django", action="store_true", help="also time the form path (multipart + validate)"
    )
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument("--child", choices=sorted(PATHS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, 1 if args.child == "old" else args.runs)
        return 0
    new = measure("new", args.runs)
    old = None if args.no_old else measure("old", 1)
    rows = []
    for name, mine in new["files"].items():
        theirs = old["files"][name] if old else None
        rows.append((name, mine, theirs))
    within = [r for r in rows if r[1]["bytes"] <= UPLOAD_LIMIT]
    missed = [r for r in within if r[1]["cpu_ms"] > GOAL_MS or r[1]["peak_mb"] > GOAL_MB]
    print(
        f"{len(rows)} files, {len(within)} of at most 1 MB; goal {GOAL_MS:g} ms CPU, "
        f"{GOAL_MB:g} MB extra memory each"
    )
    header = f"{'file':44} {'new ms':>7} {'new MB':>7} {'old ms':>8} {'old MB':>8} {'CPU x':>6}"
    print(header + "  outcome (new / old)")
    worst = sorted(rows, key=lambda r: -(r[2]["cpu_ms"] if r[2] else r[1]["cpu_ms"]))
    for name, mine, theirs in worst[:25]:
        old_ms = f"{theirs['cpu_ms']:8.1f}" if theirs else f"{'-':>8}"
        old_mb = f"{theirs['peak_mb']:8.1f}" if theirs else f"{'-':>8}"
        ratio = f"{theirs['cpu_ms'] / max(mine['cpu_ms'], 0.01):6.0f}" if theirs else f"{'-':>6}"
        outcomes = f"{mine['outcome']} / {theirs['outcome']}" if theirs else mine["outcome"]
        print(
            f"{name[:44]:44} {mine['cpu_ms']:7.1f} {mine['peak_mb']:7.1f} {old_ms} {old_mb} "
            f"{ratio}  {outcomes}"
        )
    print(
        f"new path: max CPU {max(r[1]['cpu_ms'] for r in within):.1f} ms, max extra memory "
        f"{max(r[1]['peak_mb'] for r in within):.1f} MB, child RSS grew "
        f"{new['rss_growth_mb']:.0f} MB over the corpus"
    )
    if old:
        total_new = sum(r[1]["cpu_ms"] for r in within)
        total_old = sum(r[2]["cpu_ms"] for r in within)
        print(
            f"old path: max CPU {max(r[2]['cpu_ms'] for r in within):.1f} ms, max extra memory "
            f"{max(r[2]['peak_mb'] for r in within):.1f} MB, child RSS grew "
            f"{old['rss_growth_mb']:.0f} MB; whole corpus {total_old / 1e3:.1f} s of CPU "
            f"against {total_new / 1e3:.2f} s ({total_old / total_new:.0f}x)"
        )
    if args.django:
        form = measure("django", args.runs)["files"]
        small = [name for name, mine, _ in within]
        slowest = max(small, key=lambda name: form[name]["cpu_ms"])
        largest = max(small, key=lambda name: form[name]["peak_mb"])
        print(
            f"form path (multipart parse + validate, Drumify): max CPU "
            f"{form[slowest]['cpu_ms']:.1f} ms ({slowest}), max extra memory "
            f"{form[largest]['peak_mb']:.1f} MB ({largest})"
        )
        missed += [
            (name, form[name], None)
            for name in small
            if form[name]["cpu_ms"] > GOAL_MS or form[name]["peak_mb"] > GOAL_MB
        ]
    for name, mine, _ in missed:
        print(f"MISSED THE GOAL: {name}: {mine['cpu_ms']:.1f} ms, {mine['peak_mb']:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps({"new": new, "old": old}, indent=1))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
