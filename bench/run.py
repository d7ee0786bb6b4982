#!/usr/bin/env python
"""`make bench` / `make bench-quick`: every page budget of docs/performance.md, measured in one run.

Every figure is a ratio to something measured in the same run on the same machine: the bare
view of a minimal Django project (bench/minimal), its plain template page, or the bare view
behind the portal's own middleware on the same server. The table says how close each page comes
to the ceiling of this stack, not how fast this particular machine is.

Steps: make sure PostgreSQL and Redis run; seed the bench databases once (bench/seed.py): one
committee (20,000 articles), the same with 200 articles (growth), and a platform of 50
committees (100,000 articles; its province has the one committee's 20,000); start gunicorn
with the production configuration; drive each page with wrk at 32 connections (many simulated
visitors behind a trusted proxy, bench/visitors.lua), warm and uncached; take the median of
several runs; measure worker memory over 20,000 requests and, when bench/gallery.py is there,
a 12-photo gallery save; print one table of budgets (met, missed, or not measured and why) and
write bench/results/latest.md (and latest.json). The quick run (< 3 minutes once seeded) covers
home and article, warm and uncached, on the one committee and, when it is seeded already, on
the platform.
"""

import argparse
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
LUA = str(ROOT / "bench" / "visitors.lua")
CLICK_IDS = {"BENCH_CLICK_IDS": "1"}  # wrk adds a new fbclid to every request (visitors.lua)
DB_NAME = os.environ.get("BENCH_DB", "bcd35_bench")
SMALL_DB_NAME = os.environ.get("BENCH_SMALL_DB", "bcd35_bench_small")
PG_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# Each bench database has a Redis database of its own, emptied when the run starts: what the
# caches hold (document facets, list counts, content versions) names rows of the database it was
# read from, and a server must never read another database's. (Sharing one, the one committee's
# document list was filtered by the platform's type ids and measured as an empty list.)
REDIS_SERVER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
CONNECTIONS = 32
LARGE = (20_000, 5_000)  # articles, documents
SMALL = (200, 200)
# The platform: a province (site 1, with the single-committee seed's 20,000 articles and 5,000
# documents) and 49 communes below it; articles, documents, committees in all.
PLATFORM_DB_NAME = os.environ.get("BENCH_PLATFORM_DB", "bcd35_bench_platform")
PLATFORM = (100_000, 25_000, 50)
REDIS_DBS = {DB_NAME: 2, SMALL_DB_NAME: 3, PLATFORM_DB_NAME: 4}
# The pages every committee's site has, measured on the single committee and on the province of
# the platform ("50 committees vs 1"); then the pages only a province with members has.
PER_SITE = ("home", "article", "news_list", "document_list", "organisation", "search")
NETWORK_PAGES = ("network_documents",)
MEMORY_CHECKPOINTS = (10_000, 20_000)  # requests served before each RSS reading
QUICK_MEMORY_CHECKPOINTS = (2_500, 5_000)
# The quick run's reading stops at its checkpoint or after this long, whichever comes first: on a
# slow host its pages (each rendered once) would otherwise take the run past three minutes.
QUICK_MEMORY_SECONDS = 10
UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
BENCH_SECRET = secrets.token_urlsafe(50)
# The bench measures the install's first site (the only one in the bench databases). The site
# middleware serves a site by the request's Host header, so every request names one of site 1's
# host names: its canonical name as bench/seed.py reads it from each database, or until then the
# first name of DJANGO_ALLOWED_HOSTS (django_env), which named site 1 at the first migrate.
SITE_ID = 1
SITE_HOSTS: dict[str, str] = {}  # database → site 1's canonical host name
DEFAULT_HOST = "127.0.0.1"


def log(msg: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url(db: str) -> str:
    return f"{REDIS_SERVER}/{REDIS_DBS.get(db, REDIS_DBS[DB_NAME])}"


def django_env(db: str = DB_NAME, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        {
            "DJANGO_ENV_FILE": "none",
            "DJANGO_SECRET_KEY": BENCH_SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_HTTPS": "false",  # wrk speaks plain HTTP on loopback; TLS is nginx's job
            "DJANGO_LOG_LEVEL": "WARNING",
            # wrk plays nginx: many visitors, one trusted proxy (see bench/visitors.lua).
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "DATABASE_URL": f"{PG_URL}/{db}",
            "REDIS_URL": redis_url(db),
            "MEDIA_ROOT": str(ROOT / "var" / "bench" / "media"),
            "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
            "BENCH_BASELINE_VIEW": "true",
            # wrk is one client address hammering search and lists: measure pages, not the 429.
            "RATELIMIT_ENABLE": "false",
            "GUNICORN_ACCESSLOG": "",
        }
    )
    env.update(extra)
    return env


def ensure_services() -> None:
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode != 0:
        versions = os.listdir("/etc/postgresql")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"], check=True
        )
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
                break
            time.sleep(1)
    if subprocess.run(["redis-cli", "ping"], capture_output=True, check=False).returncode != 0:
        subprocess.run(["redis-server", "--daemonize", "yes", "--save", "", "--appendonly", "no"], check=True)
    if not shutil.which("wrk"):
        log("installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def psql(db: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def ensure_db(db: str) -> None:
    if not psql("postgres", f"SELECT 1 FROM pg_database WHERE datname='{db}'"):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db], check=True)


def manage(*args: str, db: str = DB_NAME) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=django_env(db), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def seed(db: str, articles: int, documents: int, committees: int = 1) -> dict:
    ensure_db(db)
    subprocess.run(["redis-cli", "-u", redis_url(db), "FLUSHDB"], capture_output=True, check=True)
    manage("migrate", "--noinput", db=db)
    started = time.perf_counter()
    out = subprocess.run(
        [PY, "bench/seed.py", "--articles", str(articles), "--documents", str(documents)]
        + ["--committees", str(committees)],
        cwd=ROOT,
        env=django_env(db, DJANGO_SETTINGS_MODULE="portal.settings"),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"seeding {db} failed:\n{out.stderr[-3000:]}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    SITE_HOSTS[db] = data["host"]
    data["seconds"] = round(time.perf_counter() - started, 1)
    log(f"{db}: ready in {data['seconds']} s ({data['platform']['articles']} articles, "
        f"{data['platform']['sites']} sites)")  # fmt: skip
    return data


def platform_seeded(db: str) -> bool:
    """Whether the platform database holds its committees and content already (the quick run
    measures it then, and never spends the ~15 minutes of seeding it)."""
    if not psql("postgres", f"SELECT 1 FROM pg_database WHERE datname='{db}'"):
        return False
    try:
        sites = int(psql(db, "SELECT count(*) FROM django_site"))
        articles = int(psql(db, "SELECT count(*) FROM news_article WHERE slug LIKE 'tn-%'"))
    except subprocess.CalledProcessError:  # not migrated yet
        return False
    return sites >= PLATFORM[2] and articles >= PLATFORM[0]


class Server:
    """gunicorn with the production configuration (portal/gunicorn.conf.py)."""

    app = "portal.wsgi:application"
    ready_path = "/healthz"

    def __init__(self, db: str = DB_NAME, **env: str):
        self.port = free_port()
        self.host = SITE_HOSTS.get(db, DEFAULT_HOST)
        self.env = django_env(db, PORT=str(self.port), **env)
        self.proc = None
        self.rss_samples: list[float] = []
        self.errors = tempfile.TemporaryFile()  # gunicorn's own log, shown if it fails to start

    def __enter__(self) -> "Server":
        self.proc = subprocess.Popen(
            [GUNICORN, self.app, "-c", "portal/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(
                    urllib.request.Request(self.url(self.ready_path), headers={"Host": self.host}), timeout=2
                ).read()
                return self
            except Exception:
                time.sleep(0.2)
        self.__exit__()
        self.errors.seek(0)
        raise SystemExit(f"gunicorn did not start:\n{self.errors.read().decode()[-3000:]}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> bytes:
        request = urllib.request.Request(self.url(path), headers={"User-Agent": UA, "Host": self.host})
        return urllib.request.urlopen(request, timeout=30).read()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def worker_rss_mb(self, field: str = "VmRSS") -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            match = re.search(rf"^{field}:\s+(\d+) kB", status, re.M)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def sample_peak(self) -> None:
        """Workers are recycled (max_requests): remember the high-water marks while they live."""
        self.rss_samples += self.worker_rss_mb("VmHWM")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class MinimalServer(Server):
    """The minimal project (bench/minimal: Django's default middleware, a bare view and a plain
    template page of 20 rows) under the same gunicorn settings and database as the portal."""

    app = "bench.minimal.wsgi:application"
    ready_path = "/bare/"

    def __init__(self, db: str = DB_NAME):
        super().__init__(db, DJANGO_SETTINGS_MODULE="bench.minimal.settings")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(url: str, seconds: float, env: dict | None = None, host: str = DEFAULT_HOST) -> dict:
    """wrk against `url` (the server's loopback address), naming `host` in the Host header."""
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    cmd += ["-H", "Accept-Encoding: gzip", "-H", f"Host: {host}"]
    cmd += ["-H", f"User-Agent: {UA}", "-s", LUA, url]
    run_env = {**os.environ, "BENCH_PATHS": "", "BENCH_UA": UA, **(env or {})}
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=run_env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "requests": total,
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def measure(
    server: Server,
    path: str,
    seconds: float,
    runs: int,
    beside: "Server | None" = None,
    env: dict | None = None,
) -> dict:
    """The median of `runs` wrk runs of `path` after a 1 s warm-up. With `beside` (the minimal
    project's server, idle meanwhile), its bare view is driven in alternation with the page —
    bare, page, page, bare… in runs of half the length — and its median comes back as
    "bare_rps": the page's ratio is then to a bare view measured beside it, so that a slow
    spell of the machine during a half-hour run falls on both sides of the ratio. `env` goes to
    the page's wrk runs (bench/visitors.lua reads it)."""
    wrk(server.url(path), 1, env, host=server.host)  # warm-up: fills caches, connections, imports
    samples, bare = [], []
    for i in range(runs):
        if beside is not None and i % 2 == 0:
            bare.append(wrk(beside.url("/bare/"), max(1, seconds // 2)))
        samples.append(wrk(server.url(path), seconds, env, host=server.host))
        if beside is not None and i % 2 == 1:
            bare.append(wrk(beside.url("/bare/"), max(1, seconds // 2)))
    server.sample_peak()
    result = {
        "rps": statistics.median(s["rps"] for s in samples),
        "p50": statistics.median(s["p50"] for s in samples),
        "p99": statistics.median(s["p99"] for s in samples),
        "non2xx": sum(s["non2xx"] for s in samples),
        "requests": sum(s["requests"] for s in samples),
        "samples": [round(s["rps"]) for s in samples],
    }
    if bare:
        result["bare_rps"] = statistics.median(b["rps"] for b in bare)
    return result


def weight(server: Server, paths: dict) -> dict:
    """Uncompressed HTML per page, compressed CSS+JS per page (largest), foreign hosts, images."""
    sizes, assets_gz, foreign, bare_images = {}, {}, set(), []
    asset_cache: dict[str, int] = {}
    for name, path in paths.items():
        if name == "rss":
            continue
        html = server.get(path).decode()
        sizes[name] = len(html.encode())
        for attr in re.findall(
            r"<(?:script|img|link|source|iframe|form|object|embed)[^>]+"
            r'(?:src|href|srcset|action)="((?:https?:)?//[^"/]+)',
            html,
        ):
            if "127.0.0.1" not in attr and "localhost" not in attr and server.host not in attr:
                foreign.add(attr)
        # Content photos must offer renditions (srcset + sizes) so the browser picks the nearest.
        for img in re.findall(r"<img\b[^>]*>", html):
            if "/media/" in img and ("srcset=" not in img or "sizes=" not in img) and "<picture" not in html:
                bare_images.append(f"{name}: {img[:80]}")
        for tag in re.findall(r"<picture>.*?</picture>", html, re.S):
            if "srcset=" not in tag or "sizes=" not in tag:
                bare_images.append(f"{name}: {tag[:80]}")
        total = 0
        for asset in sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html))):
            if asset not in asset_cache:
                asset_cache[asset] = len(gzip.compress(server.get(asset), 6))
            total += asset_cache[asset]
        assets_gz[name] = total
    return {
        "html_bytes": sizes,
        "css_js_gzip_bytes": assets_gz,
        "assets": sorted(asset_cache),
        "foreign_hosts": sorted(foreign),
        "images_without_renditions": bare_images[:10],
    }


def memory(server: Server, db: str, quick: bool) -> dict:
    """Worker RSS after 10,000 and 20,000 requests (quick: 2,500 and 5,000, or what
    QUICK_MEMORY_SECONDS of requests reach) over distinct pages; the readings name the requests
    actually served.

    The server runs with max_requests off, so a leak cannot hide behind worker recycling.
    """
    count = 600 if quick else 3000
    checkpoints = QUICK_MEMORY_CHECKPOINTS if quick else MEMORY_CHECKPOINTS
    # Site 1's rows only (a slug is unique per site, and only site 1 is served here).
    slugs = psql(
        db,
        f"SELECT slug FROM news_article WHERE site_id = {SITE_ID} AND slug LIKE 'tn-%' "
        f"ORDER BY id DESC LIMIT {count}",
    )
    docs = psql(
        db,
        f"SELECT slug FROM documents_document WHERE site_id = {SITE_ID} AND slug LIKE 'tn-%' "
        f"ORDER BY id DESC LIMIT {count // 4}",
    )
    paths = [f"/tin-tuc/bai/{s}/" for s in slugs.split()] + [f"/van-ban/{s}/" for s in docs.split()]
    paths += [f"/tin-tuc/?trang={n}" for n in range(1, count // 10)]
    paths += ["/", "/ban-chi-dao/", "/tim-kiem/?q=hoi+nghi", "/tin-tuc/rss/"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(paths) + "\n")
    readings, served = [], 0
    try:
        for checkpoint in checkpoints:
            # wrk runs for a duration, not a request count: short slices until the checkpoint.
            deadline = time.monotonic() + QUICK_MEMORY_SECONDS if quick else None
            while served < checkpoint and (deadline is None or time.monotonic() < deadline):
                result = wrk(server.url("/"), 2, env={"BENCH_PATHS": fh.name}, host=server.host)
                served += result["requests"]
            readings.append({"requests": served, "rss_mb": server.worker_rss_mb()})
    finally:
        os.unlink(fh.name)
    server.sample_peak()
    first, second = (max(r["rss_mb"]) for r in readings)
    return {
        "distinct_paths": len(paths),
        "readings": readings,
        "growth_pct": 100 * (second - first) / first,
        "peak_mb": max(server.worker_rss_mb("VmHWM")),
    }


def gallery_seconds(db: str = DB_NAME) -> tuple[float | None, str]:
    """Seconds to save an article with a 12-photo gallery, from bench/gallery.py when it is
    there: its `gallery_seconds()` runs in a process of its own against the bench database.
    (None, why) when it is not there or fails; the table then says "not measured"."""
    if not (ROOT / "bench" / "gallery.py").exists():
        return None, "not measured (bench/gallery.py is not there yet)"
    out = subprocess.run(
        [PY, "-c", "from bench.gallery import gallery_seconds; print(float(gallery_seconds()))"],
        cwd=ROOT,
        env=django_env(db, DJANGO_SETTINGS_MODULE="portal.settings"),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return float(out.stdout.strip().splitlines()[-1]), ""
    except (ValueError, IndexError):
        return None, f"not measured (bench/gallery.py failed: {out.stderr.strip()[-200:]})"


def measure_pages(server: Server, pages: dict, names, mode: str, into: dict, seconds, runs, beside=None):
    for name in names:
        into.setdefault(name, {})[mode] = measure(server, pages[name], seconds, runs, beside)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer pages, shorter runs (< 3 minutes)")
    args = parser.parse_args()
    quick = args.quick
    seconds, runs = (2, 3) if quick else (10, 3)
    started = time.perf_counter()
    load_start = os.getloadavg()

    ensure_services()
    log("migrating and seeding (seeded once; reused afterwards)")
    manage("collectstatic", "--noinput")
    data = seed(DB_NAME, *LARGE)
    small = None if quick else seed(SMALL_DB_NAME, *SMALL)
    platform_data, platform_note = None, ""
    if not quick or platform_seeded(PLATFORM_DB_NAME):
        platform_data = seed(PLATFORM_DB_NAME, *PLATFORM)
    else:
        platform_note = (
            f"{PLATFORM_DB_NAME} is not seeded yet: the quick run does not seed it (~15 min); "
            "`make bench` does, and later quick runs measure it"
        )
        log(platform_note)
    pages = data["pages"]
    # quick (< 3 minutes): warm, uncached and p99 of home and article, on both databases; the
    # baseline view of each server, which the 50-vs-1 ratios divide by.
    warm_names = ["baseline", "home", "article"] if quick else list(pages)
    cold_names = ["baseline", "home", "article"] if quick else list(pages)
    on_platform = ["baseline", "home", "article"] if quick else ["baseline", *PER_SITE, *NETWORK_PAGES]

    results: dict[str, dict] = {}
    shared: dict[str, dict] = {}  # the article through shared links (CLICK_IDS), full run only
    peaks: list[float] = []
    # The minimal project's server runs through the page measurements: each page's ratio is to
    # its bare view measured beside it (measure()). The quick run (three minutes, where the
    # machine has little time to drift) reads its pages against the bare view measured once.
    with MinimalServer() as minimal:
        beside = None if quick else minimal
        with Server() as server:
            log("warm (page cache on), counter on, Redis; the bare view beside each page")
            measure_pages(server, pages, warm_names, "warm", results, seconds, runs, beside)
            page_weight = weight(server, pages)
            if not quick:
                shared["dropped"] = measure(server, pages["article"], seconds, runs, beside, CLICK_IDS)
            peaks += server.rss_samples
        if not quick:
            with Server(TRACKING_PARAMETERS="") as server:
                log("shared links: a new fbclid on every request, the tracking parameters kept")
                shared["kept"] = measure(server, pages["article"], seconds, runs, beside, CLICK_IDS)
        log("minimal project: a bare view and a plain template page, Django's default middleware")
        baselines = {
            "bare": measure(minimal, "/bare/", seconds, runs),
            "plain": measure(minimal, "/plain/", seconds, runs),
            "plain_bytes": len(minimal.get("/plain/")),
        }
        with Server(PAGE_CACHE_SECONDS="0") as server:
            log("uncached (no page cache), counter on, Redis; the bare view beside each page")
            measure_pages(server, pages, cold_names, "cold", results, seconds, runs, beside)
            peaks += server.rss_samples
    growth: dict[str, dict] = {}
    if small:
        with Server(db=SMALL_DB_NAME) as server, Server(db=SMALL_DB_NAME, PAGE_CACHE_SECONDS="0") as cold:
            log("growth: the same pages with 200 articles")
            names = ("baseline", "article", "news_list")
            measure_pages(server, small["pages"], names, "warm", growth, seconds, runs)
            measure_pages(cold, small["pages"], names, "cold", growth, seconds, runs)
            peaks += server.rss_samples + cold.rss_samples
    platform: dict[str, dict] = {}
    if platform_data:
        log(f"platform: the province of {platform_data['platform']['sites']} committees, warm and uncached")
        with MinimalServer() as minimal:
            beside = None if quick else minimal
            for mode, env in (("warm", {}), ("cold", {"PAGE_CACHE_SECONDS": "0"})):
                with Server(db=PLATFORM_DB_NAME, **env) as server:
                    measure_pages(server, platform_data["pages"], on_platform, mode, platform, seconds, runs,
                                  beside)  # fmt: skip
                    peaks += server.rss_samples

    log("memory: RSS after two batches of requests over distinct pages (max_requests off)")
    with Server(GUNICORN_MAX_REQUESTS="0") as server:
        mem = memory(server, DB_NAME, quick)
        peaks += server.rss_samples
    mem["peak_mb"] = max([mem["peak_mb"], *peaks])
    gallery, gallery_note = gallery_seconds()

    run = {
        "quick": quick,
        "elapsed": time.perf_counter() - started,
        "load": {"start": load_start, "end": os.getloadavg()},
        "data": data,
        "small": small,
        "platform_data": platform_data,
        "platform_note": platform_note,
        "results": results,
        "baselines": baselines,
        "growth": growth,
        "platform": platform,
        "shared_links": shared,
        "weight": page_weight,
        "memory": mem,
        "gallery": {"seconds": gallery, "note": gallery_note},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "latest-quick" if quick else "latest"
    (RESULTS / f"{name}.json").write_text(json.dumps(run, indent=1, ensure_ascii=False))  # before rendering
    report = render(run)
    (RESULTS / f"{name}.md").write_text(report)
    (RESULTS / "latest.md").write_text(report)  # the most recent run, quick or full
    sys.stdout.write(report)
    log(f"done in {run['elapsed']:.0f} s")


def _versions() -> str:
    def first_line(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    django = first_line([PY, "-c", "import django; print(django.get_version())"])
    gunicorn = first_line([GUNICORN, "--version"])
    return (
        f"Python {platform.python_version()}, Django {django}, {gunicorn}, "
        f"{first_line(['psql', '--version'])}, {first_line(['redis-server', '--version'])[:40]}, "
        f"{first_line(['wrk', '--version'])[:30]}"
    )


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _ok(flag: bool) -> str:
    return "✅" if flag else "❌"


# The page budgets (docs/performance.md, "Budgets"): throughput as a share of the minimal
# project's bare view measured in the same run, tails against that view's own tail.
WARM_PAGES = ("home", "article", "news_list", "news_list_500", "category", "document_list", "search")
COLD_PAGES = ("article", "home", "news_list", "news_list_500", "category", "document_list")
PLATFORM_LABELS = {
    "home": "province home, with “Tin từ cơ sở”",
    "network_documents": "network-wide document search",
}
WARM_SHARE, COLD_SHARE = 0.8, 0.1
TAIL_FACTOR, TAIL_QUIET = 1.5, 3.0
QUIET_LOAD_PER_CORE = 0.5  # 1-minute load average at the start, per core: "a quiet machine"
SCALE_RATIO = 0.9  # 50 committees vs 1, and 20,000 vs 200 articles
PLAIN_RATIO = 1.5
GALLERY_SECONDS = 2.0
RSS_MB, RSS_GROWTH_PCT = 150, 5.0
HTML_BYTES, ASSET_BYTES = 61_440, 51_200
NOT_MEASURED = "not measured"


def _committees(run: dict) -> int:
    return (run.get("platform_data") or {}).get("platform", {}).get("sites") or PLATFORM[2]


def _tail(m: dict) -> float:
    return m["p99"] / max(m["p50"], 0.01)


def budget_rows(run: dict) -> list[tuple[str, str, str, str, bool | None]]:
    """(budget, page, measured, target, met) for every budget, measured or not in this run;
    met is None when the run did not measure it (the row says why)."""
    results, platform, baselines = run["results"], run["platform"], run["baselines"]
    bare, plain = baselines["bare"], baselines["plain"]
    quick_note = f"{NOT_MEASURED} (quick run)" if run["quick"] else NOT_MEASURED
    platform_note = f"{NOT_MEASURED} ({run.get('platform_note') or 'quick run'})"
    rows: list[tuple[str, str, str, str, bool | None]] = []
    many = f"{_committees(run)} committees"

    def add(budget: str, page: str, measured: str, target: str, met: bool | None) -> None:
        rows.append((budget, page, measured, target, met))

    def shares(budget: str, names, mode: str, share: float) -> None:
        sources = [(name, name, results, quick_note) for name in names]
        sources += [
            (name, f"{label} ({many})", platform, platform_note) for name, label in PLATFORM_LABELS.items()
        ]
        for name, label, source, note in sources:
            m = source.get(name, {}).get(mode)
            if m is None:
                add(budget, label, note, f"≥ {share}", None)
                continue
            beside = m.get("bare_rps") or bare["rps"]
            value = m["rps"] / beside
            measured = f"{value:.2f} ({m['rps']:.0f} ÷ {beside:.0f} req/s)"
            add(budget, label, measured, f"≥ {share}", value >= share)

    shares("Warm req/s ÷ minimal bare view (page cache and counter on)", WARM_PAGES, "warm", WARM_SHARE)
    shares("Uncached req/s ÷ minimal bare view", COLD_PAGES, "cold", COLD_SHARE)

    bare_tail = _tail(bare)
    quiet = run["load"]["start"][0] <= QUIET_LOAD_PER_CORE * (os.cpu_count() or 1)
    target = f"≤ {TAIL_FACTOR * bare_tail:.1f} ({TAIL_FACTOR} × the bare view's {bare_tail:.1f})"
    target += f"; ≤ {TAIL_QUIET:g}" + (" (quiet machine)" if quiet else " on a quiet machine: not this run")
    measured = [(name, f"{name}, {mode}", results[name][mode]) for name in results for mode in results[name]]
    measured += [
        (name, f"{PLATFORM_LABELS.get(name, name)}, {mode} ({many})", platform[name][mode])
        for name in platform
        for mode in platform[name]
    ]
    for name, label, m in measured:
        if name == "baseline":
            continue
        if not m["rps"]:  # wrk saw no answer within its timeout: no latency to read
            add("p99 ÷ p50", label.replace("cold", "uncached"), "no answer within the run", target, False)
            continue
        tail = _tail(m)
        ok = tail <= TAIL_FACTOR * bare_tail and (not quiet or tail <= TAIL_QUIET)
        add(
            "p99 ÷ p50",
            label.replace("cold", "uncached"),
            f"{tail:.1f} ({m['p50']:.1f} / {m['p99']:.1f} ms)",
            target,
            ok,
        )

    def scale(budget: str, names, big: dict, small: dict, note: str) -> None:
        """The bigger database's page ÷ its server's baseline view, over the same for the smaller:
        what the data's size costs the page, whatever the two servers' moods."""
        for name in names:
            for mode in ("warm", "cold"):
                label = f"{name}, {'warm' if mode == 'warm' else 'uncached'}"
                pair = [
                    source.get(key, {}).get(mode) for source in (big, small) for key in (name, "baseline")
                ]
                if None in pair:
                    add(budget, label, note, f"≥ {SCALE_RATIO}", None)
                    continue
                page_big, base_big, page_small, base_small = (max(m["rps"], 0.01) for m in pair)
                ratio = (page_big / base_big) / (page_small / base_small)
                add(budget, label, f"{ratio:.2f}", f"≥ {SCALE_RATIO}", ratio >= SCALE_RATIO)

    scale(f"{many} vs 1 (each ÷ its own server's baseline view)", PER_SITE, platform, results,
          platform_note if not platform else quick_note)  # fmt: skip
    scale("20,000 vs 200 articles (each ÷ its own server's baseline view)", ("article", "news_list"), results,
          run.get("growth") or {}, quick_note)  # fmt: skip

    article_cold = results.get("article", {}).get("cold")
    budget = "Uncached article ÷ plain template page"
    if article_cold:
        ratio = article_cold["rps"] / plain["rps"]
        measured_text = f"{ratio:.2f} ({article_cold['rps']:.0f} / {plain['rps']:.0f} req/s)"
        add(budget, "article", measured_text, f"≥ {PLAIN_RATIO}", ratio >= PLAIN_RATIO)
    else:
        add(budget, "article", quick_note, f"≥ {PLAIN_RATIO}", None)

    gallery = run.get("gallery") or {}
    seconds = gallery.get("seconds")
    if seconds is None:
        add(
            "12-photo gallery save",
            "admin",
            gallery.get("note") or NOT_MEASURED,
            f"< {GALLERY_SECONDS:g} s",
            None,
        )
    else:
        add(
            "12-photo gallery save",
            "admin",
            f"{seconds:.2f} s",
            f"< {GALLERY_SECONDS:g} s",
            seconds < GALLERY_SECONDS,
        )

    mem = run["memory"]
    first, second = mem["readings"]
    rss, growth = max(second["rss_mb"]), mem["growth_pct"]
    add(f"Worker RSS after {second['requests']:,} requests", "largest worker", f"{rss:.0f} MB",
        f"≤ {RSS_MB} MB", rss <= RSS_MB)  # fmt: skip
    add(f"Worker RSS growth, {first['requests']:,} → {second['requests']:,} requests", "largest worker",
        f"{growth:+.1f} %", f"≤ {RSS_GROWTH_PCT:g} %", growth <= RSS_GROWTH_PCT)  # fmt: skip

    page_weight = run["weight"]
    html_page, html = max(page_weight["html_bytes"].items(), key=lambda kv: kv[1])
    asset_page, assets = max(page_weight["css_js_gzip_bytes"].items(), key=lambda kv: kv[1])
    add(
        "HTML per page, uncompressed",
        f"largest: {html_page}",
        f"{html:,} B",
        f"≤ {HTML_BYTES:,} B",
        html <= HTML_BYTES,
    )
    add("CSS + JS per page, gzip", f"largest: {asset_page}", f"{assets:,} B", f"≤ {ASSET_BYTES:,} B",
        assets <= ASSET_BYTES)  # fmt: skip
    foreign = page_weight["foreign_hosts"]
    add("Requests to other hosts", "every page", ", ".join(foreign) or "none", "none", not foreign)
    return rows


def _met(flag: bool | None) -> str:
    return "–" if flag is None else _ok(flag)


def _sizes(data: dict) -> str:
    sizes = data["sizes"]
    return f"{sizes['articles']:,} articles, {sizes['documents']:,} documents, {sizes['people']:,} people"


def _shared_links_line(shared: dict, bare: dict) -> list[str]:
    if not shared:
        return []
    dropped, kept = shared["dropped"], shared["kept"]
    ratio = dropped["rps"] / (dropped.get("bare_rps") or bare["rps"])
    return [
        f"- Article through shared links (a new `fbclid` on every request, as Facebook adds to each "
        f"click), warm: {dropped['rps']:.0f} req/s ({ratio:.2f} of the bare view) with the tracking "
        f"parameters dropped; {kept['rps']:.0f} req/s with them kept (`TRACKING_PARAMETERS` empty: "
        f"every click a new address, rendered)."
    ]


def render(run: dict) -> str:
    quick, data, baselines = run["quick"], run["data"], run["baselines"]
    bare = baselines["bare"]
    load_start, load_end = run["load"]["start"], run["load"]["end"]
    lines = [
        f"# Benchmark {'(quick) ' if quick else ''}— {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        f"- Machine: {os.cpu_count()} cores ({_cpu()}), {platform.platform()}; load average "
        f"{' / '.join(f'{x:.2f}' for x in load_start)} at the start, "
        f"{' / '.join(f'{x:.2f}' for x in load_end)} at the end (1 / 5 / 15 min).",
        f"- Versions: {_versions()}.",
        f"- One committee ({DB_NAME}): {_sizes(data)}.",
    ]
    platform_data = run.get("platform_data")
    if platform_data:
        total = platform_data["platform"]
        lines.append(
            f"- Platform ({PLATFORM_DB_NAME}): {total['sites']} committees, {total['articles']:,} articles, "
            f"{total['documents']:,} documents, {total['people']:,} people in all; its province (measured) "
            f"has {_sizes(platform_data)}."
        )
    else:
        lines.append(f"- Platform: {run.get('platform_note') or NOT_MEASURED}.")
    lines += [
        f"- Load: wrk, 2 threads, {CONNECTIONS} connections, 4000 simulated visitors behind a trusted "
        f"proxy, {'2' if quick else '10'} s per run, median of 3 runs after a 1 s warm-up; PostgreSQL + "
        f"Redis; gunicorn with portal/gunicorn.conf.py. Run took {run['elapsed']:.0f} s.",
        "- warm = whole-page cache on; uncached = PAGE_CACHE_SECONDS=0, every request renders; the "
        "visit counter is on in both. Minimal bare view = bench/minimal's bare view (Django's default "
        "middleware), same gunicorn settings, same run; "
        + (
            'each page\'s "÷ bare" is to its runs in the middle of the run (quick run).'
            if quick
            else 'each page\'s "÷ bare" is to the bare view measured beside it (its runs alternating '
            "with the page's, half as long), the minimal rows below to its own runs in the middle of the run."
        ),
        "",
        "## Budgets",
        "",
        "| Budget | Page | Measured | Target | Met |",
        "|---|---|---|---|:---:|",
    ]
    rows = budget_rows(run)
    for budget, page, measured, target, met in rows:
        lines.append(f"| {budget} | {page} | {measured} | {target} | {_met(met)} |")
    checked = [met for *_, met in rows if met is not None]
    lines += [
        "",
        f"**{sum(checked)} of {len(checked)} measured budgets met; "
        f"{len(rows) - len(checked)} not measured.**",
        "",
        "## Measurements",
        "",
        "| Page | database | warm req/s | ÷ bare | p50 ms | p99 ms "
        "| uncached req/s | ÷ bare | p50 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def cells(m):
        if m is None:
            return "– | – | – | –"
        beside = m.get("bare_rps") or bare["rps"]
        return f"{m['rps']:.0f} | {m['rps'] / beside:.2f} | {m['p50']:.1f} | {m['p99']:.1f}"

    for label, source in (
        (f"{DB_NAME} (one committee)", run["results"]),
        (f"{PLATFORM_DB_NAME} ({_committees(run)} committees)", run["platform"]),
        (f"{SMALL_DB_NAME} (200 articles)", run.get("growth") or {}),
    ):
        for name, modes in source.items():
            lines.append(f"| {name} | {label} | {cells(modes.get('warm'))} | {cells(modes.get('cold'))} |")
    for label, b in (
        ("minimal: bare view", bare),
        (
            f"minimal: plain template page ({baselines['plain_bytes']:,} B, 20 rows, no cache)",
            baselines["plain"],
        ),
    ):
        lines.append(f"| {label} | {DB_NAME} | {cells(b)} | – | – | – | – |")
    mem, page_weight = run["memory"], run["weight"]
    non2xx = sum(
        m.get("non2xx", 0)
        for src in (run["results"], run["platform"])
        for r in src.values()
        for m in r.values()
    )
    lines += [
        "",
        f"- Worker peak RSS (VmHWM, every server of the run): {mem['peak_mb']:.0f} MB; memory run over "
        f"{mem['distinct_paths']} distinct pages, page cache on, max_requests off.",
        f"- HTML bytes: {json.dumps(page_weight['html_bytes'])}.",
        f"- CSS + JS per page, gzip: {json.dumps(page_weight['css_js_gzip_bytes'])}.",
        "- Photos without renditions (srcset + sizes): "
        f"{page_weight['images_without_renditions'] or 'none'}.",
        *_shared_links_line(run.get("shared_links") or {}, bare),
        f"- Non-2xx responses during the runs: {non2xx}.",
        "- The visit counter's cost (counter on vs off) is measured by `make bench-counter` "
        "(bench/counter.py, bench/results/counter.md): paired runs.",
        "",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
