"""PostgreSQL clusters and PgBouncer started for a test session, on loopback ports of their own.

A primary made with initdb (replication allowed from 127.0.0.1), its streaming replica made with
``pg_basebackup -R`` and PgBouncer in transaction pooling mode. Run as root, the servers run as
the ``postgres`` user (neither PostgreSQL nor PgBouncer runs as root). A missing tool skips the
tests with its name, or fails them under CI=true (.ci/run installs them).

``python -m tests.pgcluster pgbouncer -- CMD…`` runs CMD with PgBouncer in front of the
PostgreSQL at PGBOUNCER_TARGET (default 127.0.0.1:5432); CMD finds its port in PGBOUNCER_PORT.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PGBOUNCER_INI = ROOT / "tests" / "pgbouncer.ini"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing(reason: str) -> None:
    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


def pg_bin(name: str) -> str | None:
    """A PostgreSQL server tool: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _private_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=120, **kwargs)


class Cluster:
    """One PostgreSQL server: a data directory, a port, a log."""

    def __init__(self, data: Path, port: int):
        self.data, self.port = data, port
        self.log = data.parent / f"{data.name}.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data.parent}"
        )
        _run(
            _as_server_user(
                [pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"]
            )
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )

    def sql(self, statement: str, dbname: str = "postgres"):
        with psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else None


def start_primary(root: Path) -> Cluster:
    """A new cluster that accepts replication connections from 127.0.0.1 without a password."""
    for tool in ("initdb", "pg_ctl", "pg_basebackup"):
        if not pg_bin(tool):
            missing(f"needs PostgreSQL's server tools ({tool}): apt-get install -y postgresql")
    primary = Cluster(root / "primary", free_port())
    _run(
        _as_server_user(
            [
                pg_bin("initdb"),
                "-D",
                str(primary.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
    )
    with open(primary.data / "pg_hba.conf", "a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    with open(primary.data / "postgresql.conf", "a") as conf:
        conf.write("wal_level = replica\nmax_wal_senders = 5\nfsync = off\n")
    primary.start()
    return primary


def start_replica(primary: Cluster, root: Path) -> Cluster:
    """A streaming replica of `primary` (pg_basebackup -R writes standby.signal and the
    primary_conninfo), on a port of its own."""
    replica = Cluster(root / "replica", free_port())
    _run(
        _as_server_user(
            [
                pg_bin("pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(replica.data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        )
    )
    replica.start()
    return replica


def wait_for_replay(primary: Cluster, replica: Cluster, timeout: float = 30) -> None:
    (target,) = primary.sql("SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (caught_up,) = replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
        if caught_up:
            return
        time.sleep(0.1)
    raise TimeoutError(f"the replica did not replay up to {target} in {timeout} s")


@contextlib.contextmanager
def pgbouncer(target_host: str = "127.0.0.1", target_port: int = 5432):
    """PgBouncer (transaction pooling, tests/pgbouncer.ini) on a free port, forwarding every
    database name to the PostgreSQL at target_host:target_port. Yields its port."""
    binary = shutil.which("pgbouncer") or (
        "/usr/sbin/pgbouncer" if os.path.exists("/usr/sbin/pgbouncer") else None
    )
    if not binary:
        missing("needs PgBouncer: apt-get install -y pgbouncer")
    work = _private_dir("bcd35-pgbouncer-")
    port = free_port()
    ini = PGBOUNCER_INI.read_text().format(
        target_host=target_host, target_port=target_port, port=port, work=work
    )
    (work / "pgbouncer.ini").write_text(ini)
    (work / "userlist.txt").write_text('"postgres" ""\n')
    if os.geteuid() == 0:
        for name in ("pgbouncer.ini", "userlist.txt"):
            shutil.chown(work / name, "postgres", "postgres")
    process = subprocess.Popen(
        _as_server_user([binary, str(work / "pgbouncer.ini")]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with psycopg.connect(f"postgres://postgres@127.0.0.1:{port}/postgres", connect_timeout=2):
                    break
            except psycopg.OperationalError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (work / "pgbouncer.log").read_text() if (work / "pgbouncer.log").exists() else ""
                    raise RuntimeError(f"PgBouncer did not start on port {port}:\n{log}") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "pgbouncer" or argv[1] != "--":
        sys.stderr.write(__doc__)
        return 2
    host, _, port = os.environ.get("PGBOUNCER_TARGET", "127.0.0.1:5432").partition(":")
    with pgbouncer(host, int(port or 5432)) as bouncer_port:
        env = {**os.environ, "PGBOUNCER_PORT": str(bouncer_port)}
        sys.stderr.write(f"PgBouncer on 127.0.0.1:{bouncer_port} → {host}:{port}\n")
        return subprocess.run(argv[2:], env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
