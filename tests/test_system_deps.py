"""`make run` installs what the running app needs, the same way `make test` does."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install_system_deps.sh"


def dry_run(target: str) -> str:
    return subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def fake_tools(tmp_path: Path, uid: int) -> dict[str, str]:
    """A PATH where no Debian package is installed and `id -u` answers `uid`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_make_run_and_serve_install_the_runtime_packages():
    for target in ("run", "serve"):
        assert "install_system_deps.sh run" in dry_run(target)
    assert "install_system_deps.sh test" in dry_run("test")


def test_without_root_the_script_says_what_will_not_work_and_carries_on(tmp_path):
    result = subprocess.run(
        ["bash", str(SCRIPT), "run"],
        env=fake_tools(tmp_path, uid=1000),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "fluidsynth" in result.stderr
    assert "without audio" in result.stderr
    assert "sudo apt-get install fluidsynth" in result.stderr
    assert "chromium" not in result.stderr  # the app does not need the test browser


def test_the_test_profile_also_wants_the_browser_and_fonts(tmp_path):
    result = subprocess.run(
        ["bash", str(SCRIPT), "test"],
        env=fake_tools(tmp_path, uid=1000),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    for package in ("fluidsynth", "chromium", "fonts-ipaexfont-gothic"):
        assert package in result.stderr


def test_an_unknown_profile_is_refused():
    result = subprocess.run(["bash", str(SCRIPT), "everything"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage" in result.stderr
