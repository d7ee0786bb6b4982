"""`make run`'s launcher (portal/serve.py): gunicorn and the job worker start together and stop
together, on Ctrl-C or when one of them ends."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from portal import serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# Stand-ins for gunicorn and the worker: each writes its pid, then waits; on SIGINT/SIGTERM it
# notes the signal and exits 0, as both do after a graceful stop.
CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    out = sys.argv[1]
    def stop(signum, frame):
        open(out, "a").write(f"stopped {signum}\\n"); sys.exit(0)
    signal.signal(signal.SIGINT, stop); signal.signal(signal.SIGTERM, stop)
    open(out, "w").write(f"{os.getpid()}\\n")
    if len(sys.argv) > 2: time.sleep(float(sys.argv[2])); sys.exit(3)
    while True: time.sleep(0.1)
    """
)


def launch(tmp_path, worker_dies_after: float | None = None) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    web, worker = tmp_path / "gunicorn.txt", tmp_path / "worker.txt"
    extra = [str(worker_dies_after)] if worker_dies_after else []
    code = (
        "import sys; from portal import serve; "
        f"serve.commands = lambda: {{'gunicorn': [sys.executable, {str(script)!r}, {str(web)!r}], "
        f"'worker': [sys.executable, {str(script)!r}, {str(worker)!r}, *{extra!r}]}}; "
        "sys.exit(serve.main())"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=serve.ROOT)
    deadline = time.monotonic() + 20
    while not (web.exists() and worker.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return process


def test_ctrl_c_stops_both_and_the_launcher_ends_cleanly(tmp_path):
    process = launch(tmp_path)
    os.kill(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 0
    for name in ("gunicorn.txt", "worker.txt"):
        assert f"stopped {signal.SIGINT.value}" in (tmp_path / name).read_text()


def test_when_the_worker_ends_gunicorn_is_stopped_and_the_failure_reported(tmp_path):
    process = launch(tmp_path, worker_dies_after=0.5)
    assert process.wait(timeout=30) == 3  # the worker's own status
    assert f"stopped {signal.SIGTERM.value}" in (tmp_path / "gunicorn.txt").read_text()
