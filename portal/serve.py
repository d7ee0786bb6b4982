"""`make run`: gunicorn and the background-job worker side by side, stopped together.

    python -m portal.serve

Starts `gunicorn portal.wsgi:application -c portal/gunicorn.conf.py` and `manage.py db_worker`
(the jobs: photo renditions, text extraction, notices…) with this process's environment.
Ctrl-C (SIGINT) or SIGTERM is passed to both, which finish what they are doing (gunicorn its
requests, the worker its current job); when either stops by itself, the other is stopped too,
and the exit status is the first one's. Production runs them as two systemd units instead
(deploy/systemd/bcd35-gunicorn.service and bcd35-worker.service).
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 25  # gunicorn's graceful_timeout is 20 s


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "gunicorn": [python, "-m", "gunicorn", "portal.wsgi:application", "-c", "portal/gunicorn.conf.py"],
        "worker": [python, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
    }


def main() -> int:
    # Each child in its own process group: Ctrl-C reaches them once, through `forward`, not
    # also from the terminal (a second SIGINT would make both stop at once, mid-request or
    # mid-job, instead of finishing).
    children = {name: subprocess.Popen(argv, cwd=ROOT, process_group=0) for name, argv in commands().items()}
    stopping = {"signal": None}

    def forward(signum, _frame):
        stopping["signal"] = signum
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    status = 0
    try:
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.2)
        first = next(name for name, child in children.items() if child.poll() is not None)
        status = children[first].returncode
        if stopping["signal"] is None:
            sys.stderr.write(f"serve: {first} stopped (status {status}); stopping the rest\n")
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
    finally:
        deadline = time.monotonic() + GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    return 0 if stopping["signal"] is not None else (status or 1)


if __name__ == "__main__":
    sys.exit(main())
