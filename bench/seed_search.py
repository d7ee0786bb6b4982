"""Search benchmark: 20,000 articles and 5,000 documents, then /tim-kiem/ against the article page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bcd35_bench .venv/bin/python bench/seed_search.py
    (options: --articles N --documents N --seconds S; SQLite works too, the default database)

Steps: migrate; top up the synthetic content (``bench/search_content.py``: bulk inserts and
a batched index, idempotent); on PostgreSQL print the plan of each query a results page sends
and whether any of them scans the entry or article table; then serve pages in-process through
the whole middleware stack for ``--seconds`` each and report search throughput as a ratio of
the article page's, both measured in this run on this machine.

Everything runs for the install's first site (site 1): the content is made and searched inside
its work (network.api.working_on), and the pages are requested with its host name.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_ENV_FILE", "none")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key-" + "x7Qm2Rk9Lp4Zs1Nw8Jd3Hc6Bt5Fg0Ya" * 2)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("STATIC_ROOT", "/tmp/bcd35-bench-static")

QUERIES = [
    "hội nghị triển khai kế hoạch",
    "ban chi dao",
    "cong tac vien",
    "tuyen truyen vien co so",
    "fanpage",
    "Long Hữu",
    "15-KHTN/BCĐTN",
    "kiem tra giam sat",
    "quy che",
    "an ninh mang",
]


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


CONTENT_SCAN = re.compile(r"Seq Scan on (search_searchentry|news_article|documents_document)\b")
INDEX_USED = re.compile(
    r"(?:Index Scan(?: Backward)? using|Index Only Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)"
)


def _explain(queries: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.engine import Search
    from search.query import parse_query

    if connection.vendor != "postgresql":
        out("(query plans: PostgreSQL only)")
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out("\nQuery plans (PostgreSQL, default planner settings):")
    for text in queries:
        with CaptureQueriesContext(connection) as captured:
            search = Search(parse_query(text))
            _ = search.kind_counts, search[0:10], search.years()
        scans, indexes = [], set()
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute("EXPLAIN " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                indexes |= set(INDEX_USED.findall(plan))
                scans += [f"{m.group(1)} ({query['sql'][:40]}…)" for m in CONTENT_SCAN.finditer(plan)]
        out(f"  {text!r:34} indexes: {', '.join(sorted(indexes))}")
        out(f"  {'':34} sequential scans: {'; '.join(scans) or 'none'}")


def _measure(client, urls: list[str], seconds: float) -> tuple[float, list[float]]:
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{urls[i % len(urls)]} answered {response.status_code}")
        i += 1
    return len(times) / sum(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=15.0, help="per page type")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.db import connection

    from network.api import working_on

    out(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest pages need
    with working_on(Site.objects.get(pk=1)) as site:
        bench(args, site)


def bench(args, site) -> None:
    """Content, query plans and throughput for `site` (the site being worked on)."""
    from urllib.parse import urlencode

    from django.test import Client

    from bench.search_content import SLUG_PREFIX, generate
    from news.models import Article

    started = time.perf_counter()
    generate(args.articles, args.documents, log=out)
    out(f"Content ready in {time.perf_counter() - started:.1f} s")
    _explain(QUERIES)

    slugs = list(
        Article.objects.published().filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    random.Random(35).shuffle(slugs)
    article_urls = [f"/tin-tuc/bai/{slug}/" for slug in slugs[:200]]
    search_urls = [f"/tim-kiem/?{urlencode({'q': q})}" for q in QUERIES]
    search_urls += [f"/tim-kiem/?{urlencode({'q': q, 'loai': 'van-ban', 'trang': 2})}" for q in QUERIES[:3]]
    # The site's host name: the site middleware serves a site by the Host header.
    client = Client(
        HTTP_HOST=site.domain, HTTP_USER_AGENT="Mozilla/5.0 (bench) Chrome/131.0 Mobile Safari/537.36"
    )
    for url in article_urls[:5] + search_urls:  # warm caches and the URL resolver
        client.get(url)

    article_rps, article_times = _measure(client, article_urls, args.seconds)
    search_rps, search_times = _measure(client, search_urls, args.seconds)

    def ms(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000

    out("\nThroughput (one process, in-process client, whole middleware stack):")
    for name, rps, times in (
        ("article page", article_rps, article_times),
        ("search page", search_rps, search_times),
    ):
        out(f"  {name:13} {rps:7.1f} req/s   p50 {ms(times, 50):6.1f} ms   p95 {ms(times, 95):6.1f} ms")
    out(f"  search / article = {search_rps / article_rps:.2f}")


if __name__ == "__main__":
    main()
