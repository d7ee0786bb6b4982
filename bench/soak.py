#!/usr/bin/env python
"""`make soak`: a bounded load test on loopback — production settings, PostgreSQL and Redis.

    SOAK_SECONDS=600 SOAK_CONNECTIONS=50 make soak      # the 10-minute soak
    SOAK_SECONDS=60 make soak                           # what CI runs

Steps:
1. PostgreSQL database bcd35_soak, copied from a template (bcd35_soak_template: migrated, demo
   content loaded; built once, rebuilt with --fresh), then migrated; Redis DB 12, flushed; static
   files collected with the production storage.
2. gunicorn with portal/gunicorn.conf.py and production settings (DEBUG off, WhiteNoise, Redis
   cache and visit counter, page cache on, rate limits on but generous so no 429 can come from
   them). Plain HTTP on 127.0.0.1: the load generator plays nginx, a trusted proxy
   (DJANGO_TRUSTED_PROXIES=127.0.0.1) passing each visitor's address in X-Forwarded-For.
   max_requests is off (GUNICORN_MAX_REQUESTS=0) so a leak cannot hide behind worker recycling.
3. Arrival: each of SOAK_VISITORS simulated visitors (own address, real browser user agent) opens
   one page, SOAK_CONNECTIONS at a time. Every visitor whose page came back 200 HTML is expected
   in the counter exactly once.
4. Load: wrk (bench/soak.lua) with SOAK_CONNECTIONS connections for the rest of SOAK_SECONDS,
   the same visitors requesting pages (60 %), searches (25 %) and document downloads (15 %).
   Worker RSS is read at the start, the middle and the end.
5. flush_visit_counts, then the counter's numbers: "Hôm nay" and "Tất cả" must have grown by
   exactly the number of visitors from step 3 (a repeat visit within 30 minutes is no new visit).

Writes bench/results/soak-latest.md. Exit status 1 when any response was a 5xx (or any other
non-2xx/3xx: every URL of the mix exists), when a worker's memory grew more than 10 % between the
middle and the end, or when the counter is off.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.run import ensure_services, free_port  # noqa: E402  (the benchmark's harness)

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "bench" / "soak.lua")
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "var" / "soak"
PG_URL = os.environ.get("SOAK_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("SOAK_DB", "bcd35_soak")
TEMPLATE_DB = f"{DB_NAME}_template"
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET = secrets.token_urlsafe(50)
MEMORY_GROWTH_LIMIT = 10.0  # % between the middle and the end samples
# The soak serves the install's first site: its content, its counter, one of its host names in
# every request's Host header (its canonical name, read from the database by mix(); before that,
# the first name of DJANGO_ALLOWED_HOSTS below, which named it at the first migrate).
SITE_ID = 1
SITE_HOST = "127.0.0.1"
# Same list and order as bench/soak.lua: visitor n uses AGENTS[n % len(AGENTS)].
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
    "Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.107 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-A346E) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 "
    "Chrome/122.0.0.0 Mobile Safari/537.36",
]
SEARCHES = [
    "ban chỉ đạo",
    "nghị quyết 35",
    "bảo vệ nền tảng tư tưởng",
    "hội nghị",
    "kế hoạch",
    "tuyên truyền",
    "phản bác luận điệu",
    "đoàn viên thanh niên",
    "báo cáo sơ kết",
    "quy chế làm việc",
    "an ninh mạng",
    "tin giả",
]
WEIGHTS = {"page": 60, "search": 25, "download": 15}  # % of requests by kind


def log(msg: str) -> None:
    sys.stderr.write(f"[soak {time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def visitor(n: int) -> tuple[str, str]:
    """Visitor n's address and user agent (bench/soak.lua computes the same)."""
    return f"10.{(n // 65536) % 256}.{(n // 256) % 256}.{n % 256}", AGENTS[n % len(AGENTS)]


def django_env(db: str = DB_NAME, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = {k: v for k, v in env.items() if not k.startswith(("RATELIMIT_", "GUNICORN_", "PAGE_CACHE"))}
    env.update(
        {
            "DJANGO_ENV_FILE": "none",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_HTTPS": "false",  # plain HTTP on loopback; TLS is nginx's job
            "DJANGO_SERVE_MEDIA": "false",  # nginx serves uploads in production
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "DATABASE_URL": f"{PG_URL}/{db}",
            "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(VAR / "media"),
            "DOCUMENT_FILES_ROOT": str(VAR / "documents"),
            "STATIC_ROOT": str(VAR / "static"),
            # Rate limits stay on (their code runs under load) but cannot refuse this traffic.
            "RATELIMIT_ENABLE": "true",
            "RATELIMIT_SEARCH": "100000/m",
            "RATELIMIT_LISTS": "100000/m",
            "RATELIMIT_DOWNLOAD": "100000/m",
            "RATELIMIT_RATING": "100000/m",
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_MAX_REQUESTS": "0",
        }
    )
    env.update(extra)
    return env


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}")
    return result


def manage(*args: str, db: str = DB_NAME) -> str:
    return run([PY, "manage.py", *args], cwd=ROOT, env=django_env(db)).stdout


def psql(sql: str, db: str = "postgres") -> str:
    return run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql]).stdout.strip()


def _exists(db: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname='{db}'") == "1"


def _drop(db: str) -> None:
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='{db}'")
    psql(f'DROP DATABASE IF EXISTS "{db}"')


def prepare_database(fresh: bool) -> None:
    """bcd35_soak from the template (migrated, demo loaded once); uploads in var/soak."""
    if fresh or not _exists(TEMPLATE_DB) or not (VAR / "media").exists():
        log(f"building {TEMPLATE_DB}: migrate and load_demo (once; --fresh rebuilds it)")
        _drop(TEMPLATE_DB)
        shutil.rmtree(VAR / "media", ignore_errors=True)
        shutil.rmtree(VAR / "documents", ignore_errors=True)
        psql(f'CREATE DATABASE "{TEMPLATE_DB}"')
        manage("migrate", "--noinput", db=TEMPLATE_DB)
        manage("load_demo", db=TEMPLATE_DB)
    _drop(DB_NAME)
    psql(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{TEMPLATE_DB}"')
    manage("migrate", "--noinput")  # migrations added since the template was built
    manage("collectstatic", "--noinput", "--verbosity", "0")
    run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"])


def counter_numbers() -> dict:
    """The widget's four numbers, exact (stats.counter.compute_numbers), and the local day."""
    code = (
        "import json; from django.utils import timezone; from django.conf import settings; "
        "from django.contrib.sites.models import Site; from network.api import working_on; "
        "from stats.counter import compute_numbers; from stats.utils import local_moment\n"
        f"with working_on(Site.objects.get(pk={SITE_ID})):\n"
        "    n = compute_numbers()\n"
        "day, _ = local_moment(timezone.now(), settings.VISIT_TIME_ZONE)\n"
        "print(json.dumps({'online': n.online, 'today': n.today, 'week': n.week, 'total': n.total, "
        "'day': day.isoformat()}))"
    )
    return json.loads(manage("shell", "-c", code).strip().splitlines()[-1])


def mix() -> dict[str, list[str]]:
    """Public pages, searches and download URLs of site 1's demo content, and site 1's host name
    (every request names it in its Host header: the site middleware serves a site by its host)."""
    code = (
        "import json; from news.models import Article, Category; from documents.models import "
        "Attachment, Document; from committee.models import Person; from pages.models import Page; "
        "from django.contrib.sites.models import Site; from network.api import working_on\n"
        f"site = Site.objects.get(pk={SITE_ID})\n"
        "with working_on(site):\n"
        "    print(json.dumps({'host': site.domain, "
        "'articles': [a.get_absolute_url() for a in Article.objects.published()], "
        "'categories': [c.get_absolute_url() for c in Category.objects.all()], "
        "'documents': [d.get_absolute_url() for d in Document.objects.published()], "
        "'downloads': [f'/van-ban/tai-ve/{a.pk}/' for a in Attachment.objects.filter("
        "document__in=Document.objects.published())], "
        "'people': [p.get_absolute_url() for p in Person.objects.published()], "
        "'pages': [p.get_absolute_url() for p in Page.objects.all()]}))"
    )
    data = json.loads(manage("shell", "-c", code).strip().splitlines()[-1])
    global SITE_HOST
    SITE_HOST = data["host"]
    pages = ["/", "/tin-tuc/", "/tin-tuc/?trang=2", "/van-ban/", "/ban-chi-dao/", "/thong-ke/ve-so-lieu/"]
    pages += data["articles"] + data["categories"] + data["documents"] + data["people"] + data["pages"]
    searches = [f"/tim-kiem/?q={quote_plus(q)}" for q in SEARCHES]
    searches += [f"/tim-kiem/?q={quote_plus(q)}&loai=van-ban" for q in SEARCHES[:4]]
    return {"page": pages, "search": searches, "download": data["downloads"]}


class Server:
    """gunicorn with the production configuration (portal/gunicorn.conf.py)."""

    def __init__(self):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="soak-gunicorn-", suffix=".log", delete=False)
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.proc = subprocess.Popen(
            [GUNICORN, "portal.wsgi:application", "-c", "portal/gunicorn.conf.py"],
            cwd=ROOT,
            env=django_env(PORT=str(self.port)),
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _, _ = self.get("/healthz", "127.0.0.1", "curl/8")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not start:\n{Path(self.log.name).read_text()[-3000:]}")

    def get(self, path: str, ip: str, agent: str, conn=None) -> tuple[int, str, dict]:
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "Host": SITE_HOST,
                    "X-Forwarded-For": ip,
                    "User-Agent": agent,
                    "Accept": "text/html",
                },
            )
            response = conn.getresponse()
            response.read()
            return response.status, response.getheader("Content-Type", ""), dict(response.getheaders())
        finally:
            if own:
                conn.close()

    def worker_rss_mb(self) -> dict[int, float]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        sizes = {}
        for pid in map(int, out.split()):
            try:
                match = re.search(r"^VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
            except FileNotFoundError:
                continue
            if match:
                sizes[pid] = round(int(match.group(1)) / 1024, 1)
        return sizes

    def errors_logged(self) -> list[str]:
        text = Path(self.log.name).read_text(errors="replace")
        return [line[:300] for line in text.splitlines() if "level=error" in line or "Traceback" in line]

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def arrive(server: Server, visitors: int, connections: int, pages: list[str]) -> dict:
    """Each visitor opens one page (home, a section or an article), `connections` at a time."""
    local = threading.local()
    rng = random.Random(35)
    plan = [(n, rng.choice(pages)) for n in range(1, visitors + 1)]

    def one(item):
        n, path = item
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        ip, agent = visitor(n)
        try:
            status, kind, _ = server.get(path, ip, agent, local.conn)
        except (OSError, http.client.HTTPException):
            local.conn.close()
            local.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            return n, 0, ""
        return n, status, kind

    statuses: dict[int, int] = {}
    counted = 0
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for _n, status, kind in pool.map(one, plan):
            statuses[status] = statuses.get(status, 0) + 1
            counted += status == 200 and kind.startswith("text/html")
    _, _, headers = server.get("/", *visitor(1))
    return {
        "requests": visitors,
        "statuses": statuses,
        "eligible_visitors": counted,
        "server_header": headers.get("Server", ""),
    }


def load(server: Server, seconds: int, connections: int, visitors: int, paths: dict) -> dict:
    """wrk for `seconds`, worker RSS read at the start, the middle and the end."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        for kind, urls in paths.items():
            weight = max(1, round(100 * WEIGHTS[kind] / len(urls)))
            fh.writelines(f"{kind} {weight} {url}\n" for url in urls)
    env = {**os.environ, "SOAK_PATHS": fh.name, "SOAK_VISITORS": str(visitors), "SOAK_HOST": SITE_HOST}
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", LUA]
    samples = {"start": server.worker_rss_mb()}
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd + [f"http://127.0.0.1:{server.port}/"], stdout=subprocess.PIPE, text=True, env=env
    )
    for label, at in (("middle", seconds / 2), ("end", seconds - min(3, seconds / 10))):
        time.sleep(max(0.0, started + at - time.monotonic()))
        samples[label] = server.worker_rss_mb()
    out, _ = proc.communicate(timeout=seconds + 60)
    os.unlink(fh.name)
    match = re.search(r"^SOAK_RESULT (.*)$", out, re.M)
    if proc.returncode != 0 or not match:
        raise SystemExit(f"wrk failed ({proc.returncode}):\n{out[-3000:]}")
    result = json.loads(match.group(1))
    result["statuses"] = {int(k): v for k, v in result["statuses"].items()}
    result["rss_mb"] = samples
    result["mix"] = {kind: len(urls) for kind, urls in paths.items()}
    return result


def memory_growth(samples: dict) -> float:
    """The largest growth (%) of one worker between the middle and the end samples."""
    growth = [
        100 * (samples["end"][pid] - mb) / mb
        for pid, mb in samples["middle"].items()
        if pid in samples["end"] and mb
    ]
    return max(growth, default=0.0)


def _fmt_statuses(statuses: dict) -> str:
    return ", ".join(f"{code}: {n:,}" for code, n in sorted(statuses.items())) or "—"


def render(
    args,
    started_at: str,
    arrival: dict,
    result: dict,
    before: dict,
    after_live: dict,
    after: dict,
    growth: float,
    errors: list[str],
    verdicts: dict,
    elapsed: float,
) -> str:
    statuses = dict(result["statuses"])
    for code, n in arrival["statuses"].items():
        statuses[code] = statuses.get(code, 0) + n
    total = result["requests"] + arrival["requests"]
    bad = {code: n for code, n in statuses.items() if not 200 <= code < 400}
    rss = result["rss_mb"]
    mix_sizes = result["mix"]
    expected = arrival["eligible_visitors"]
    same_day = before["day"] == after["day"]

    def ok(flag: bool | None) -> str:
        return "n/a" if flag is None else ("✅" if flag else "❌")

    lines = [
        f"# Soak — {started_at}",
        "",
        f"- {args.seconds} s on loopback, {args.connections} connections, {args.visitors:,} simulated "
        "visitors (own address via X-Forwarded-For behind a trusted proxy, real browser user agents); "
        f"pages {WEIGHTS['page']} %, searches {WEIGHTS['search']} %, downloads {WEIGHTS['download']} % "
        f"({mix_sizes['page']} pages, {mix_sizes['search']} searches, {mix_sizes['download']} files "
        "of the demo content).",
        "- Production settings: DEBUG off, gunicorn with portal/gunicorn.conf.py "
        "(GUNICORN_MAX_REQUESTS=0: no worker recycling, so a leak shows), PostgreSQL (`bcd35_soak`), "
        "Redis DB 12 (cache, visit counter, rate limits), whole-page cache on. Rate limits on, at "
        "100000/m, so none of this traffic is refused.",
        f"- Machine: {os.cpu_count()} cores, {platform.platform()}, shared with other jobs. "
        f"Run took {elapsed:.0f} s.",
        "",
        "| Check | Result | |",
        "|---|---|---|",
        f"| Requests | {total:,} ({arrival['requests']:,} arrivals + {result['requests']:,} under wrk, "
        f"{result['requests'] / max(result['seconds'], 0.1):.0f} req/s; p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms) | |",
        f"| Responses by status | {_fmt_statuses(statuses)} | |",
        f"| Not 2xx/3xx | {_fmt_statuses(bad)} | {ok(verdicts['only_2xx_3xx'])} |",
        f"| 5xx | {sum(n for code, n in statuses.items() if code >= 500)} | {ok(verdicts['no_5xx'])} |",
        f"| Socket errors (wrk) | {json.dumps(result['socket_errors'])} | |",
        f"| Errors in the server log | {len(errors)} | {ok(not errors)} |",
        f"| Server header (must name no version) | {arrival['server_header'] or 'none'} | "
        f"{ok(verdicts['server_header'])} |",
        "| Worker RSS, MB (start → middle → end) | "
        + "; ".join(
            f"{rss['start'].get(pid, '?')} → {rss['middle'].get(pid, '?')} → {rss['end'].get(pid, '?')}"
            for pid in sorted(rss["middle"])
        )
        + f" | {ok(verdicts['memory'])} |",
        f"| Largest growth middle → end | {growth:+.1f} % (limit {MEMORY_GROWTH_LIMIT:.0f} %) | |",
        f"| Visitors with an eligible page view | {expected:,} of {args.visitors:,} | |",
        f"| “Hôm nay” | {before['today']:,} → {after['today']:,} (+{after['today'] - before['today']:,}; "
        f"before flush_visit_counts +{after_live['today'] - before['today']:,}) | "
        f"{ok(verdicts['today'] if same_day else None)} |",
        f"| “Tất cả” | {before['total']:,} → {after['total']:,} (+{after['total'] - before['total']:,}) | "
        f"{ok(verdicts['total'] if same_day else None)} |",
        f"| “Đang online” after the run | {after['online']:,} | |",
        "",
    ]
    if not same_day:
        lines += ["The run crossed local midnight (Asia/Ho_Chi_Minh): the counter checks do not apply.", ""]
    if errors:
        lines += ["Server log errors (first 10):", "", *[f"    {e}" for e in errors[:10]], ""]
    lines += [f"**{'PASS' if all(verdicts.values()) else 'FAIL'}**", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "600")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("SOAK_CONNECTIONS", "50")))
    parser.add_argument("--visitors", type=int, default=int(os.environ.get("SOAK_VISITORS", "2000")))
    parser.add_argument("--fresh", action="store_true", help="rebuild the template database and uploads")
    args = parser.parse_args()
    started = time.perf_counter()
    started_at = time.strftime("%Y-%m-%d %H:%M %Z")

    ensure_services()
    VAR.mkdir(parents=True, exist_ok=True)
    prepare_database(args.fresh)
    paths = mix()
    before = counter_numbers()
    with Server() as server:
        log(f"gunicorn on port {server.port}; {args.visitors} visitors arrive")
        t0 = time.perf_counter()
        arrival = arrive(server, args.visitors, args.connections, paths["page"])
        remaining = max(10, round(args.seconds - (time.perf_counter() - t0)))
        log(f"arrivals {arrival['statuses']} in {time.perf_counter() - t0:.0f} s; wrk for {remaining} s")
        result = load(server, remaining, args.connections, args.visitors, paths)
        errors = server.errors_logged()
    after_live = counter_numbers()
    log(manage("flush_visit_counts").strip())
    after = counter_numbers()

    statuses = {**result["statuses"]}
    for code, n in arrival["statuses"].items():
        statuses[code] = statuses.get(code, 0) + n
    growth = memory_growth(result["rss_mb"])
    expected = arrival["eligible_visitors"]
    same_day = before["day"] == after["day"]
    verdicts = {
        "no_5xx": not any(code >= 500 or code == 0 for code in statuses),
        # Every URL of the mix exists and no limit applies: a 4xx is a fault of the site or the mix.
        "only_2xx_3xx": all(200 <= code < 400 for code in statuses),
        "memory": growth <= MEMORY_GROWTH_LIMIT,
        "server_header": not re.search(r"\d", arrival["server_header"]),
        "today": not same_day
        or (after["today"] - before["today"] == expected == after_live["today"] - before["today"]),
        "total": not same_day or after["total"] - before["total"] == expected,
    }
    report = render(
        args,
        started_at,
        arrival,
        result,
        before,
        after_live,
        after,
        growth,
        errors,
        verdicts,
        time.perf_counter() - started,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak-latest.md").write_text(report)
    sys.stdout.write(report)
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
