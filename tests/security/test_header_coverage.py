"""Security headers on every kind of response: a crawl of 50 distinct URLs of the demo site.

The crawl starts at the home page (plus robots.txt, the sitemap, /healthz and a missing page,
which nothing links to) and follows every same-site link it finds: pages, articles, documents,
a search, feeds, static files (served by WhiteNoise from a real collectstatic with the production
storage), uploaded images (the embedded mode's media view) and document downloads. It takes
the categories in turn so that 50 URLs cover all of them. Requests are HTTPS with the production
security settings (HSTS, SSL redirect, secure cookies) and the whole-page cache on.

Every response must carry: a Content-Security-Policy (pages: no 'unsafe-inline' or 'unsafe-eval'
for scripts, object-src 'none', base-uri 'none', frame-ancestors 'none'; served uploads:
default-src 'none' and sandbox), Strict-Transport-Security with max-age ≥ one year,
X-Content-Type-Options nosniff, a Referrer-Policy that does not leak paths to other sites,
Cross-Origin-Opener-Policy, and no Server header naming a version.
"""

import gzip
import re
import sys
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

URLS = 50
ONE_YEAR = 31_536_000
HOST = "testserver"
ORIGIN = f"https://{HOST}"
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
# Served uploads are never rendered as a page of this site.
UPLOAD_POLICY = {"default-src": {"'none'"}, "sandbox": set()}
# Seeds nothing links to: robots.txt, the sitemap, the health check and a missing page.
MISSING = "/trang-khong-ton-tai-de-kiem-tra/"
SEEDS = ["/", "/robots.txt", "/sitemap.xml", "/healthz", MISSING]
# The demo with 8 of its articles (each kind of content is there; the other 32 articles would
# add 10 s of photo drawing and nothing the crawl needs).
DEMO_ARTICLES = 8
# Crawl order: every category in turn, so that 50 URLs reach each of them.
CATEGORIES = [
    "home",
    "article",
    "static",
    "media",
    "document",
    "download",
    "page",
    "feed",
    "search",
    "sitemap",
    "robots",
    "healthz",
    "not-found",
]
REQUIRED = set(CATEGORIES)


def _category(path: str, query: str) -> str:
    if path == "/":
        return "home"
    if path.startswith(settings.STATIC_URL):
        return "static"
    if path.startswith(settings.MEDIA_URL):
        return "media"
    if path.startswith("/van-ban/tai-ve/"):
        return "download"
    if path.endswith(("/rss/", "/feed/")):
        return "feed"
    if path.startswith("/tim-kiem/"):
        return "search" if query else "page"
    if path.startswith("/tin-tuc/bai/"):
        return "article"
    if path.startswith("/van-ban/") and path.count("/") == 3 and not query:
        return "document"
    special = {
        "/sitemap.xml": "sitemap",
        "/robots.txt": "robots",
        "/healthz": "healthz",
        MISSING: "not-found",
    }
    return special.get(path, "page")


def _directives(policy: str) -> dict[str, set[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed.setdefault(words[0].lower(), set(words[1:]))
    return parsed


def _body(response) -> bytes:
    # Reading a streamed file to the end closes it (the test client's wrapper, as a WSGI server
    # would); closing again would send request_finished and close the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content


def _links(base: str, response, content: bytes) -> list[str]:
    """Same-site URLs of a page (links, assets, srcset candidates, the search form), of the
    sitemap and feeds (<loc>, <link>, enclosures) and of stylesheets (url(…))."""
    kind = response.get("Content-Type", "")
    found: list[str] = []
    if kind.startswith("text/html") and content.strip():
        root = lxml.html.fromstring(content)
        for _element, attribute, link, _pos in root.iterlinks():
            if attribute == "action":
                continue  # forms: the search form is followed below with a query
            found.append(link)
        for element in root.xpath("//img[@srcset] | //source[@srcset]"):
            found += [
                candidate.split()[0] for candidate in element.get("srcset").split(",") if candidate.strip()
            ]
        for form in root.xpath("//form[@role='search' or .//input[@name='q']]"):
            found.append((form.get("action") or base) + "?q=ban+ch%E1%BB%89+%C4%91%E1%BA%A1o")
    elif "xml" in kind:
        root = lxml.etree.fromstring(content)
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in ("loc", "link", "guid"):
                found.append((element.text or "").strip() or element.get("href", ""))
            if element.get("url"):
                found.append(element.get("url"))
    elif kind.startswith("text/css"):
        found += re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", content.decode(errors="replace"))
    result = []
    for link in found:
        absolute = urlsplit(urljoin(ORIGIN + base, link.strip()))
        if absolute.scheme in ("http", "https") and absolute.hostname == HOST:
            result.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
    return result


def _header_problems(url: str, category: str, response) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy")
    if not policy:
        problems.append("Content-Security-Policy missing")
    else:
        csp = _directives(policy)
        if category in ("media",):
            for directive, values in UPLOAD_POLICY.items():
                if directive not in csp or not values <= csp[directive]:
                    problems.append(f"CSP of a served upload lacks {directive} {' '.join(values)}".strip())
        elif category == "download" and response.get("Content-Disposition", "").startswith("inline"):
            # PDFs open inline in the document page's preview frame: documents/views.py's
            # PDF_POLICY (no `sandbox`, which blocks older Chromium's PDF plugin; no script).
            if csp.get("default-src") != {"'none'"} or "script-src" in csp:
                problems.append(f"CSP of an inline PDF allows more than its own content: {policy}")
            for directive in ("base-uri", "form-action"):
                if csp.get(directive) != {"'none'"}:
                    problems.append(f"CSP of an inline PDF lacks {directive} 'none'")
        elif category == "download":
            for directive, values in UPLOAD_POLICY.items():
                if directive not in csp or not values <= csp[directive]:
                    problems.append(f"CSP of a download lacks {directive} {' '.join(values)}".strip())
        else:
            scripts = csp.get("script-src", csp.get("default-src"))
            if scripts is None:
                problems.append("CSP sets neither script-src nor default-src")
            elif scripts & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}:
                problems.append(f"CSP script-src too wide: {' '.join(sorted(scripts))}")
            for directive in ("object-src", "base-uri", "frame-ancestors"):
                if csp.get(directive) != {"'none'"}:
                    problems.append(f"CSP {directive} is not 'none'")
    hsts = response.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts)
    if not match or int(match.group(1)) < ONE_YEAR:
        problems.append(f"Strict-Transport-Security max-age < {ONE_YEAR}: {hsts or 'missing'}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options nosniff missing")
    if response.get("Referrer-Policy", "").split(",")[-1].strip() not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy missing or leaky: {response.get('Referrer-Policy')}")
    if not response.get("Cross-Origin-Opener-Policy"):
        problems.append("Cross-Origin-Opener-Policy missing")
    if re.search(r"\d", response.get("Server", "")):
        problems.append(f"Server header names a version: {response['Server']}")
    return [f"{url} ({category}, HTTP {response.status_code}): {p}" for p in problems]


@pytest.fixture
def production_site(db, settings, tmp_path, monkeypatch):
    """The demo content (DEMO_ARTICLES of its articles) behind the production security settings;
    static files collected with the production storage and served by WhiteNoise."""
    from portal import settings as production

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.PAGE_CACHE_SECONDS = 10
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {**settings.STORAGES, "staticfiles": production.STORAGES["staticfiles"]}
    call_command("collectstatic", interactive=False, verbosity=0)
    from demo import news as demo

    monkeypatch.setattr(demo, "ARTICLES", demo.ARTICLES[:DEMO_ARTICLES])
    call_command("load_demo", stdout=StringIO())
    # A new client builds the middleware chain now: WhiteNoise indexes the collected files.
    return Client(headers={"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"})


def test_every_response_of_a_50_url_crawl_carries_the_security_headers(production_site, record_property):
    """…and plain HTTP is sent to HTTPS."""
    client = production_site
    pending = {name: deque() for name in CATEGORIES}
    seen: set[str] = set()
    for url in SEEDS:
        seen.add(url)
        pending[_category(*urlsplit(url)[2:4])].append(url)
    visited: dict[str, tuple[str, int]] = {}
    problems: list[str] = []
    while len(visited) < URLS and any(pending.values()):
        for name in CATEGORIES:
            if not pending[name] or len(visited) >= URLS:
                continue
            url = pending[name].popleft()
            response = client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
            content = _body(response)
            visited[url] = (name, response.status_code)
            problems += _header_problems(url, name, response)
            links = _links(url, response, content)
            if response.status_code in (301, 302):
                links.append(response["Location"])
            for link in _links_in_order(links):
                if link not in seen:
                    seen.add(link)
                    pending[_category(*urlsplit(link)[2:4])].append(link)

    record_property("headers", (len(visited), len(problems)))
    statuses = {}
    for name, status in visited.values():
        statuses.setdefault(name, set()).add(status)
    sys.stderr.write(
        f"\nHeader crawl: {len(visited)} URLs; "
        + ", ".join(f"{name} {sorted(codes)}" for name, codes in sorted(statuses.items()))
        + "\n"
        + "".join(f"  missing: {p}\n" for p in problems)
    )
    assert len(visited) == URLS, f"the crawl found only {len(visited)} URLs: {sorted(visited)}"
    assert REQUIRED <= set(statuses), f"categories never reached: {REQUIRED - set(statuses)}"
    assert statuses["not-found"] == {404}
    assert problems == []
    insecure = client.get("/tin-tuc/")
    assert insecure.status_code == 301 and insecure["Location"].startswith("https://")


def _links_in_order(links: list[str]) -> list[str]:
    """Unique, in page order (a page lists the same photo in several sizes)."""
    return list(dict.fromkeys(links))
