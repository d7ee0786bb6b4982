"""The systemd units of deploy/systemd: systemd itself accepts them, every scheduled job has its
timer, and each service stays confined (systemd's own exposure score)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
INSTALL_DIR = "/srv/bcd35/app"


def _systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if not found:
        reason = "systemd-analyze is not installed (Debian's systemd package); .ci/run installs it"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture
def installed(tmp_path) -> Path:
    """The units as installed on a host whose code lives in this checkout (so that ExecStart's
    programs exist and systemd can check them)."""
    folder = tmp_path / "units"
    folder.mkdir()
    for unit in UNITS.iterdir():
        text = unit.read_text()
        assert INSTALL_DIR in text or unit.suffix == ".timer", unit.name
        (folder / unit.name).write_text(text.replace(INSTALL_DIR, str(ROOT)))
    return folder


def test_systemd_accepts_every_unit(installed):
    analyze = _systemd_analyze()
    done = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in installed.iterdir())], capture_output=True, text=True
    )
    # An unknown key is only a warning to systemd: any line it prints is a mistake in a unit.
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), done.stderr


def test_every_scheduled_job_has_a_timer_and_reads_the_env_file():
    services = {p.stem for p in UNITS.glob("*.service")}
    assert {
        "bcd35-gunicorn",
        "bcd35-worker",
        "bcd35-flush-visits",
        "bcd35-prune-visits",
        "bcd35-backup",
    } <= services
    for job in services - {"bcd35-gunicorn", "bcd35-worker"}:  # the two that run all the time
        timer = (UNITS / f"{job}.timer").read_text()
        assert f"Unit={job}.service" in timer and "OnCalendar=" in timer
    for name in services:
        text = (UNITS / f"{name}.service").read_text()
        assert "EnvironmentFile=/etc/bcd35/bcd35.env" in text
        assert re.search(r"^User=bcd35$", text, re.M), f"{name} runs as root"
    flush = (UNITS / "bcd35-flush-visits.timer").read_text()
    assert "OnCalendar=*-*-* *:*:00" in flush  # every minute


def test_every_service_is_confined(installed):
    """systemd's exposure score (0 = fully confined, 10 = none): at most 2 for each service."""
    analyze = _systemd_analyze()
    for unit in sorted(installed.glob("*.service")):
        done = subprocess.run(
            [analyze, "security", "--offline=yes", "--threshold=20", "--no-pager", str(unit)],
            capture_output=True,
            text=True,
        )
        if "--offline" in done.stderr and "unrecognized" in done.stderr:
            pytest.skip("this systemd-analyze cannot score unit files offline (systemd < 250)")
        score = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout)
        assert done.returncode == 0 and score, f"{unit.name}: {done.stdout[-800:]}{done.stderr[-800:]}"
