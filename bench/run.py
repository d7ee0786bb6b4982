#!/usr/bin/env python
"""`make bench` / `make bench-quick`: throughput and latency of every public page, as ratios.

Every figure is reported against a minimal view behind the same middleware stack, measured in
the same run on the same machine, so the table says how close each page comes to the ceiling
of this stack — not how fast this particular machine is.

Steps: make sure PostgreSQL and Redis run; seed the bench databases once (bench/seed.py: 20,000
articles, and 200 in a second database for the growth target); start gunicorn with the
production configuration; drive each page with wrk at 32 connections (many simulated visitors
behind a trusted proxy, bench/visitors.lua); take the median of several runs; print a Markdown
table and write bench/results/latest.md (and latest.json).
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
DB_NAME = os.environ.get("BENCH_DB", "bcd35_bench")
SMALL_DB_NAME = os.environ.get("BENCH_SMALL_DB", "bcd35_bench_small")
PG_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
CONNECTIONS = 32
LARGE = (20_000, 5_000)  # articles, documents
SMALL = (200, 200)
MEMORY_CHECKPOINTS = (10_000, 20_000)  # requests served before each RSS reading
QUICK_MEMORY_CHECKPOINTS = (2_500, 5_000)
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
            "REDIS_URL": REDIS_URL,
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


def seed(db: str, articles: int, documents: int) -> dict:
    ensure_db(db)
    manage("migrate", "--noinput", db=db)
    started = time.perf_counter()
    out = subprocess.run(
        [PY, "bench/seed.py", "--articles", str(articles), "--documents", str(documents)],
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
    log(f"{db}: ready in {data['seconds']} s ({data['sizes']['articles']} articles)")
    return data


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


def measure(server: Server, path: str, seconds: float, runs: int) -> dict:
    wrk(server.url(path), 1, host=server.host)  # warm-up: fills caches, connections, imports
    samples = [wrk(server.url(path), seconds, host=server.host) for _ in range(runs)]
    server.sample_peak()
    return {
        "rps": statistics.median(s["rps"] for s in samples),
        "p50": statistics.median(s["p50"] for s in samples),
        "p99": statistics.median(s["p99"] for s in samples),
        "non2xx": sum(s["non2xx"] for s in samples),
        "samples": [round(s["rps"]) for s in samples],
    }


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
    """Worker RSS after 10,000 and 20,000 requests (quick: 2,500 and 5,000) over distinct pages.

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
            while served < checkpoint:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer pages, shorter runs (< 3 minutes)")
    args = parser.parse_args()
    quick = args.quick
    seconds, runs = (2, 3) if quick else (10, 3)
    started = time.perf_counter()

    ensure_services()
    log("migrating and seeding (seeded once; reused afterwards)")
    manage("collectstatic", "--noinput")
    data = seed(DB_NAME, *LARGE)
    small = None if quick else seed(SMALL_DB_NAME, *SMALL)
    pages = data["pages"]
    if quick:
        keep = ["baseline", "home", "article", "news_list", "news_list_500", "document_list", "search"]
        pages = {k: v for k, v in pages.items() if k in keep}

    results: dict[str, dict] = {name: {} for name in pages}
    peaks: list[float] = []
    with Server() as server:
        log("warm (page cache on), counter on, Redis")
        for name, path in pages.items():
            results[name]["warm"] = measure(server, path, seconds, runs)
        page_weight = weight(server, data["pages"])
        peaks += server.rss_samples
    with MinimalServer() as minimal:
        log("minimal project: a bare view and a plain template page, Django's default middleware")
        baselines = {
            "bare": measure(minimal, "/bare/", seconds, runs),
            "plain": measure(minimal, "/plain/", seconds, runs),
            "plain_bytes": len(minimal.get("/plain/")),
        }
    with Server(PAGE_CACHE_SECONDS="0") as server:
        log("cold (no page cache), counter on, Redis")
        for name in ["baseline", "article", "home"] if quick else list(pages):
            results[name]["cold"] = measure(server, pages[name], seconds, runs)
        peaks += server.rss_samples
    growth = {}
    if small:
        small_pages = small["pages"]
        with Server(db=SMALL_DB_NAME) as server, Server(db=SMALL_DB_NAME, PAGE_CACHE_SECONDS="0") as cold:
            log("growth: the same pages with 200 articles")
            for name in ("baseline", "article", "news_list"):
                growth[name] = {
                    "warm": measure(server, small_pages[name], seconds, runs),
                    "cold": measure(cold, small_pages[name], seconds, runs),
                }
            peaks += server.rss_samples + cold.rss_samples

    log("memory: RSS after two batches of requests over distinct pages (max_requests off)")
    with Server(GUNICORN_MAX_REQUESTS="0") as server:
        mem = memory(server, DB_NAME, quick)
        peaks += server.rss_samples
    mem["peak_mb"] = max([mem["peak_mb"], *peaks])

    elapsed = time.perf_counter() - started
    report = render(results, data, small, growth, page_weight, mem, quick, elapsed, baselines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "latest-quick" if quick else "latest"
    (RESULTS / f"{name}.md").write_text(report)
    (RESULTS / "latest.md").write_text(report)  # the most recent run, quick or full
    (RESULTS / f"{name}.json").write_text(
        json.dumps(
            {
                "results": results,
                "baselines": baselines,
                "growth": growth,
                "weight": page_weight,
                "memory": mem,
                "data": data,
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    sys.stdout.write(report)
    log(f"done in {elapsed:.0f} s")


TARGETS = {"home": 0.5, "article": 0.5}
COLD_TARGETS = {"article": 0.1}


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


def render(results, data, small, growth, page_weight, mem, quick, elapsed, baselines) -> str:
    base = results["baseline"]
    bare = baselines["bare"]["rps"]
    lines = [
        f"# Benchmark {'(quick) ' if quick else ''}— {time.strftime('%Y-%m-%d %H:%M %Z')}",
        "",
        f"- Machine: {os.cpu_count()} cores ({_cpu()}), {platform.platform()}; other jobs may share it, "
        "so read the ratios, not the absolute numbers.",
        f"- Versions: {_versions()}.",
        f"- Data: {json.dumps(data['sizes'], ensure_ascii=False)}.",
        f"- Load: wrk, 2 threads, {CONNECTIONS} connections, 4000 simulated visitors behind a trusted "
        "proxy, "
        f"{'2' if quick else '10'} s per run, median of 3 runs after a 1 s warm-up; PostgreSQL + Redis; "
        "gunicorn with portal/gunicorn.conf.py (4 sync workers). Run took "
        f"{elapsed:.0f} s.",
        "- warm = whole-page cache on (PAGE_CACHE_SECONDS=10); cold = page cache off, every request renders.",
        "- ratio = to the in-portal baseline (a bare view behind the portal's middleware); "
        "÷ minimal = to the bare view of a minimal project (bench/minimal: Django's default "
        "middleware only), same gunicorn settings, same run.",
        "",
        "| Page | warm req/s | ratio | target | ÷ minimal | p50 ms | p99 ms | p99/p50 ≤ 3 | cold req/s "
        "| cold ratio | cold ÷ minimal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for name, r in results.items():
        warm, cold = r.get("warm"), r.get("cold")
        if not warm:
            continue
        ratio = warm["rps"] / base["warm"]["rps"]
        target = TARGETS.get(name, 0.25) if name != "baseline" else 1
        tail = warm["p99"] / max(warm["p50"], 0.01)
        cold_txt = "– | – | –"
        if cold:
            cold_ratio = cold["rps"] / base["cold"]["rps"]
            cold_target = COLD_TARGETS.get(name)
            mark = f" {_ok(cold_ratio >= cold_target)} (≥ {cold_target})" if cold_target else ""
            cold_txt = f"{cold['rps']:.0f} | {cold_ratio:.2f}{mark} | {cold['rps'] / bare:.2f}"
            if cold_target:
                verdicts.append(cold_ratio >= cold_target)
        if name != "baseline":
            verdicts += [ratio >= target, tail <= 3]
        lines.append(
            f"| {name} | {warm['rps']:.0f} | {ratio:.2f} {_ok(ratio >= target)} | ≥ {target} | "
            f"{warm['rps'] / bare:.2f} | {warm['p50']:.1f} | {warm['p99']:.1f} | {tail:.1f} {_ok(tail <= 3)} "
            f"| {cold_txt} |"
        )
    plain = baselines["plain"]
    lines += ["", "Baselines of the minimal project, measured in this run:", ""]
    lines += ["| Baseline | req/s | p50 ms | p99 ms | p99/p50 |", "|---|---:|---:|---:|---:|"]
    for label, b in (
        ("bare view, Django's default middleware", baselines["bare"]),
        (f"plain template page ({baselines['plain_bytes']:,} B, 20 rows from the ORM, no cache)", plain),
    ):
        tail = b["p99"] / max(b["p50"], 0.01)
        lines.append(f"| {label} | {b['rps']:.0f} | {b['p50']:.1f} | {b['p99']:.1f} | {tail:.1f} |")
    article_cold = results.get("article", {}).get("cold")
    if article_cold:
        lines += [
            "",
            f"Uncached article ÷ plain template page: {article_cold['rps'] / plain['rps']:.2f} "
            "(the article does more: identity, menu, sidebar blocks, photos, related articles).",
        ]
    lines += [
        "",
        "The visit counter's cost (counter on vs off) is measured by `make bench-counter` "
        "(bench/counter.py, bench/results/counter.md): paired runs, which this table's "
        "one-after-another servers cannot give.",
    ]
    if growth:
        lines += [
            "",
            f"## Growth: {data['sizes']['articles']:,} vs {small['sizes']['articles']} articles",
            "",
            "Throughput as a ratio to each run's own baseline, then large ÷ small (target ≥ 0.9).",
            "",
            "| Page | mode | large ratio | small ratio | large ÷ small |",
            "|---|---|---:|---:|---:|",
        ]
        for name in ("article", "news_list"):
            for mode in ("warm", "cold"):
                large = results[name][mode]["rps"] / results["baseline"][mode]["rps"]
                small_ratio = growth[name][mode]["rps"] / growth["baseline"][mode]["rps"]
                verdicts.append(large / small_ratio >= 0.9)
                lines.append(
                    f"| {name} | {mode} | {large:.2f} | {small_ratio:.2f} | {large / small_ratio:.2f} "
                    f"{_ok(large / small_ratio >= 0.9)} |"
                )
    html_max = max(page_weight["html_bytes"].values())
    assets_max = max(page_weight["css_js_gzip_bytes"].values())
    r1, r2 = mem["readings"]
    peak_ok, growth_ok = mem["peak_mb"] <= 150, mem["growth_pct"] <= 10
    verdicts += [
        peak_ok,
        growth_ok,
        html_max <= 61_440,
        assets_max <= 51_200,
        not page_weight["foreign_hosts"],
    ]
    lines += [
        "",
        "## Memory and weight",
        "",
        f"- Worker peak RSS (VmHWM, every server of the run): {mem['peak_mb']:.0f} MB "
        f"{_ok(peak_ok)} (target ≤ 150 MB).",
        f"- Largest worker RSS after {r1['requests']:,} requests: {max(r1['rss_mb']):.0f} MB; after "
        f"{r2['requests']:,}: {max(r2['rss_mb']):.0f} MB ({mem['growth_pct']:+.1f} % {_ok(growth_ok)}, "
        "target ≤ 10 %; "
        f"{mem['distinct_paths']} distinct pages, page cache on, max_requests off).",
        f"- HTML bytes (uncompressed, largest {html_max:,} {_ok(html_max <= 61_440)}, target ≤ 61,440): "
        f"{json.dumps(page_weight['html_bytes'])}.",
        f"- CSS + JS per page, gzip (largest {assets_max:,} {_ok(assets_max <= 51_200)}, target ≤ 51,200): "
        f"{json.dumps(page_weight['css_js_gzip_bytes'])}.",
        f"- Requests to other hosts: {page_weight['foreign_hosts'] or 'none'} "
        f"{_ok(not page_weight['foreign_hosts'])}.",
        f"- Photos without renditions (srcset + sizes): "
        f"{page_weight['images_without_renditions'] or 'none'}.",
        f"- Non-2xx responses during the runs: "
        f"{sum(m.get('non2xx', 0) for r in results.values() for m in r.values())}.",
        "",
        f"**{sum(verdicts)} of {len(verdicts)} checks met.**",
        "",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
