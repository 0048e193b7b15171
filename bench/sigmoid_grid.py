"""Sigmoid grid speed: numpy vs the lesson's loop, and the browser's repaint per slider input.

1. Python: ``demos.sigmoid_grid.grid`` (vectorised numpy) against the lesson's nested
   loop at 10x10 and 100x100, timed in the same run; prints the ratio (target: >= 50x at 100x100).
2. Browser: serves the site (``manage.py runserver`` on a free port), opens the standalone
   sigmoid-grid page in Debian's Chromium through Playwright, moves the w_im[0][0] slider 200
   times (one input per animation frame) and reads the repaint times the page measured with
   performance.now() around each repaint (the output and the two hidden neurons' pictures);
   prints p50/p95 at 10x10 and 200x200 (target: p95 < 16 ms).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/sigmoid_grid.py
    .venv/bin/python bench/sigmoid_grid.py --skip-browser --repeats 20
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import statistics
import subprocess
import sys
import time
import timeit
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demos.sigmoid_grid import GridParams, grid, grid_by_lesson_loop  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SIZES = {
    10: GridParams(start=-1.0, stop=1.0, step=0.2),
    100: GridParams(start=-1.0, stop=1.0, step=0.02),
}
BROWSER_SIZES = {10: "", 200: "?start=0&stop=2&step=0.01"}


def best_time(function, repeats: int) -> float:
    """Seconds per call: the best of `repeats` rounds, each long enough to time reliably."""
    timer = timeit.Timer(function)
    calls, _ = timer.autorange()
    return min(timer.repeat(repeat=repeats, number=calls)) / calls


def bench_numpy(repeats: int) -> None:
    print("numpy (vectorised) vs the lesson's nested loop, same run, best of", repeats)
    for size, params in SIZES.items():
        _, _, z = grid(params)
        assert z.shape == (size, size), z.shape
        vectorised = best_time(lambda p=params: grid(p), repeats)
        loop = best_time(lambda p=params: grid_by_lesson_loop(p), repeats)
        print(
            f"  {size:>3}x{size:<3}  numpy {vectorised * 1e3:8.3f} ms   loop {loop * 1e3:9.3f} ms"
            f"   ratio {loop / vectorised:7.1f}x"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "webapp.settings"}
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ja/demos/sigmoid-grid/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the development server did not start within 60 s")


# Runs in the page: one slider input per frame; returns the repaint times the view recorded.
DRIVE_SLIDER = """async (count) => {
  const root = document.querySelector('[data-demo="sigmoid-grid"]');
  const slider = root.querySelector('input[type=range]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  await frame();
  root.demo.repaintTimes.length = 0;
  for (let k = 0; k < count; k += 1) {
    slider.value = String(((k % 200) - 100) / 10);  // every input a new value in -10..9.9
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await frame();
    await frame();
  }
  return { times: [...root.demo.repaintTimes], nx: root.demo.getGrid().x.length };
}"""


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values <= it."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def bench_browser(inputs: int) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            version = browser.version
            page = browser.new_page(
                viewport={"width": 1280, "height": 900}, bypass_csp=True
            )  # Playwright waits eval
            print(f"browser repaint per slider input, Chromium {version}, {inputs} inputs each")
            for size, query in BROWSER_SIZES.items():
                page.goto(f"http://127.0.0.1:{port}/en/demos/sigmoid-grid/{query}")
                page.wait_for_function(
                    "document.querySelector('[data-demo=\"sigmoid-grid\"]').demo"
                )
                result = page.evaluate(DRIVE_SLIDER, inputs)
                times = sorted(result["times"])
                assert result["nx"] == size, result["nx"]
                assert len(times) == inputs, f"{len(times)} repaints for {inputs} inputs"
                print(
                    f"  {size:>3}x{size:<3}  p50 {percentile(times, 0.5):6.2f} ms   "
                    f"p95 {percentile(times, 0.95):6.2f} ms   mean {statistics.fmean(times):6.2f} ms   "
                    f"max {times[-1]:6.2f} ms   ({len(times)} repaints)"
                )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timing rounds for the Python part")
    parser.add_argument("--inputs", type=int, default=200, help="slider inputs per browser size")
    parser.add_argument("--skip-browser", action="store_true", help="only the numpy part")
    args = parser.parse_args()
    bench_numpy(args.repeats)
    if not args.skip_browser:
        if not CHROMIUM.exists():
            print(f"skipping the browser part: {CHROMIUM} is not installed", file=sys.stderr)
            return 0
        bench_browser(args.inputs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
