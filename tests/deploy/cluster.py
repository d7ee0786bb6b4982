"""A real nginx (deploy/nginx/bcd35.conf, rendered with test paths and ports) in front of real
gunicorn app hosts (portal/gunicorn.conf.py), on loopback, for tests/deploy.

The site file is the one an operator installs; only the production values it names are
replaced (each must still be in the file, so an edit to it cannot silently escape the test).
"""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_FILE = ROOT / "deploy" / "nginx" / "bcd35.conf"
GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "vinhlong.gov.vn"
SECRET = "deploy-test-" + "k7Qm2Xv9Lp4Rz8Wc1Nb6Hs3Jd5Tf0Gy" * 2
X_ACCEL_PREFIX = "/_tep-van-ban/"


def nginx_binary() -> str:
    """nginx's path; skips locally when it is missing, fails under CI (.ci/run installs it)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found:
        return found
    reason = "nginx is not installed (apt-get install -y nginx); .ci/run installs it"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port() -> int:
    """A port free on 127.0.0.1 and, where there is one, on ::1 (the site listens on both)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if not ipv6_loopback():
            return port
        try:
            with socket.socket(socket.AF_INET6) as s6:
                s6.bind(("::1", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no port free on both loopback addresses")


def self_signed_certificate(folder: Path) -> None:
    """fullchain.pem and privkey.pem for the province's names (what an ACME client would give)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},DNS:*.{HOST}",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def render_site(upstreams: list, *, https: int, http: int, var: Path, certs: Path, logs: Path) -> str:
    """The site file with this machine's ports and folders in place of production's. An upstream
    is a port on 127.0.0.1 or an "address:port"."""
    text = SITE_FILE.read_text()
    servers = re.findall(r"^    server 10\.0\.0\.\d+:8000 .*;$", text, flags=re.M)
    assert len(servers) >= 2, "the upstream names several app hosts"
    text = text.replace(
        servers[0],
        "\n".join(
            f"    server {p if isinstance(p, str) else f'127.0.0.1:{p}'} max_fails=1 fail_timeout=10s;"
            for p in upstreams
        ),
    )
    for line in servers[1:]:
        text = text.replace(line + "\n", "")
    six = ipv6_loopback()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen [::]:80;": f"listen [::1]:{http};" if six else "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:443 ssl http2;": f"listen [::1]:{https} ssl http2;" if six else "",
        "/srv/bcd35": str(var),
        "/etc/ssl/bcd35/": f"{certs}/",
        "/var/log/nginx/": f"{logs}/",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/bcd35.conf no longer contains {old!r}: update tests/deploy"
        text = text.replace(old, new)
    return text


def main_config(folder: Path, site: Path) -> Path:
    """A minimal nginx.conf around the site file, as Debian's includes sites-enabled/*."""
    user = "user root;" if os.geteuid() == 0 else ""  # workers read the test's private folders
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/tmp-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/main-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
{temp}
    include {site};
}}
"""
    )
    return conf


class Nginx:
    def __init__(self, folder: Path, var: Path, upstreams: list):
        self.binary = nginx_binary()
        self.folder = folder
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        self.https = free_port()
        self.http = free_port()
        self_signed_certificate(folder / "certs")
        site = folder / "bcd35.conf"
        site.write_text(
            render_site(
                upstreams,
                https=self.https,
                http=self.http,
                var=var,
                certs=folder / "certs",
                logs=folder / "logs",
            )
        )
        self.conf = main_config(folder, site)
        self.proc = None

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                self.binary,
                "-t",
                "-p",
                str(self.folder),
                "-c",
                str(self.conf),
                "-e",
                str(self.folder / "logs" / "t.log"),
            ],
            capture_output=True,
            text=True,
        )

    def start(self) -> "Nginx":
        self.proc = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.folder),
                "-c",
                str(self.conf),
                "-e",
                str(self.folder / "logs" / "start.log"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        wait_for(lambda: request(self.https, "/static/__nginx_up__")[0] == 404, "nginx", self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def access_log(self) -> str:
        return (self.folder / "logs" / "bcd35.access.log").read_text()


def app_env(var: Path, **extra: str) -> dict:
    """Production settings on a temporary SQLite database and folders, behind the local proxy."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "GUNICORN_"))
    }
    env.update(
        {
            "DJANGO_ENV_FILE": "none",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_HTTPS": "true",
            "DJANGO_BEHIND_PROXY": "true",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1,::1",
            "DJANGO_SERVE_MEDIA": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
            "DJANGO_CACHE_DIR": str(var / "cache"),
            "MEDIA_ROOT": str(var / "media"),
            "STATIC_ROOT": str(var / "static"),
            "DOCUMENT_FILES_ROOT": str(var / "documents"),
            "DOCUMENT_X_ACCEL_PREFIX": X_ACCEL_PREFIX,
            "RATELIMIT_ENABLE": "false",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "4",
            "GUNICORN_ACCESSLOG": "",
        }
    )
    env.update(extra)
    return env


def manage(var: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=app_env(var),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


class AppHost:
    """One app host: gunicorn with the project's configuration on its own address and port."""

    def __init__(
        self, var: Path, log: Path, *, address: str = "127.0.0.1", port: int | None = None, env=None
    ):
        self.address = address
        self.port = port or free_port()
        self.log = log
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [str(GUNICORN), "portal.wsgi:application", "-c", "portal/gunicorn.conf.py"],
                cwd=ROOT,
                env={**(env or app_env(var)), "PORT": str(self.port), "HOST": address},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self) -> "AppHost":
        def up():
            try:
                conn = http.client.HTTPConnection(self.address, self.port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
                return conn.getresponse().status == 200
            except OSError:
                return False

        wait_for(up, f"gunicorn (log {self.log})", self.proc)
        return self

    def kill(self) -> None:
        """The host dies at once (SIGKILL to gunicorn's master and workers)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


def wait_for(ready, what: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


_TLS = ssl.create_default_context()
_TLS.check_hostname = False
_TLS.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate


def request(
    port: int,
    path: str,
    *,
    address: str = "127.0.0.1",
    method: str = "GET",
    tls: bool = True,
    headers=None,
    body=None,
):
    """(status, headers, body) of one request to nginx, as a reader of the province's site."""
    if tls:
        conn = http.client.HTTPSConnection(address, port, timeout=20, context=_TLS)
    else:
        conn = http.client.HTTPConnection(address, port, timeout=20)
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()
