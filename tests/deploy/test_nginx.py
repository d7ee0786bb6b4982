"""The nginx site of deploy/ in front of two gunicorn app hosts, on loopback: what a reader of the
province's site gets through it (HTTPS on IPv4 and IPv6, static files, uploads, document files
sent by nginx after the app's check, the portal's own pages for oversized requests) and what
happens when an app host dies."""

import http.client
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .cluster import (
    HOST,
    X_ACCEL_PREFIX,
    AppHost,
    Nginx,
    free_port,
    ipv6_loopback,
    manage,
    nginx_binary,
    request,
)

# One cluster for the module: every test of it runs in the same xdist worker (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("deploy")

DOCUMENT = """
import datetime, io
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from pypdf import PdfWriter
from documents.models import Attachment, Document, DocumentType, IssuingBody
from network.api import working_on

writer = PdfWriter()
writer.add_blank_page(width=595, height=842)
pdf = io.BytesIO()
writer.write(pdf)
with working_on(Site.objects.get(pk=1)):
    plan = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach", order=0)
    body = IssuingBody.objects.create(
        name="Ban Chỉ đạo 35 tỉnh Vĩnh Long", abbreviation="BCĐ", slug="bcd", numbering="year"
    )
    document = Document(
        doc_type=plan, issuing_body=body, number=5, title="Kế hoạch bảo vệ nền tảng tư tưởng",
        summary="Trích yếu.", issue_date=datetime.date(2026, 3, 12), signer_name="Phan Văn Nhặn",
        signer_position="Trưởng Ban Chỉ đạo", is_published=True,
    )
    document.full_clean()
    document.save()
    attachment = Attachment(document=document)
    attachment.file = ContentFile(pdf.getvalue(), name="Kế hoạch.pdf")
    attachment.full_clean()
    attachment.save()
    print("URL", attachment.get_absolute_url())
    print("NAME", attachment.file.name)
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Hosts A and B behind nginx; host C behind a second nginx with B, for the failure drill."""
    nginx_binary()
    base = tmp_path_factory.mktemp("deploy")
    var = base / "var"
    for folder in ("media", "documents", "static", "cache"):
        (var / folder).mkdir(parents=True)
    # collectstatic beside migrate, the hosts starting beside the document's creation: the slow
    # parts overlap (the module takes ~15 s on an idle two-core machine).
    with ThreadPoolExecutor(2) as pool:
        static = pool.submit(manage, var, "collectstatic", "--noinput", "-v0")
        manage(var, "migrate", "--noinput", "-v0")
        static.result()
    hosts, nginxes = [], []
    try:
        hosts += [AppHost(var, base / f"gunicorn-{name}.log") for name in "abc"]
        made = dict(
            line.split(" ", 1) for line in manage(var, "shell", stdin=DOCUMENT).splitlines() if " " in line
        )
        for host in hosts:
            host.wait()
        a, b, c = hosts
        front = Nginx(base / "nginx", var, [a.port, b.port]).start()
        nginxes.append(front)
        drill = Nginx(base / "nginx-drill", var, [c.port, b.port]).start()
        nginxes.append(drill)
        yield {"var": var, "nginx": front, "drill": drill, "a": a, "b": b, "c": c, **made}
    finally:
        for server in nginxes:
            server.stop()
        for host in hosts:
            host.kill()


def test_the_site_file_passes_nginx_check(tmp_path):
    """`nginx -t` accepts the site as installed (with a certificate for the province's names)."""
    nginx = Nginx(tmp_path / "nginx", tmp_path / "var", [free_port(), free_port()])
    checked = nginx.check()
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_no_app_host_answering_gives_a_vietnamese_503(tmp_path):
    """Every app host down: nginx's own page, in Vietnamese, with Retry-After like the portal's."""
    nginx = Nginx(tmp_path / "nginx", tmp_path / "var", [free_port(), free_port()]).start()
    try:
        status, headers, body = request(nginx.https, "/")
    finally:
        nginx.stop()
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in body.decode()


def test_https_answers_on_ipv4_and_ipv6_through_an_app_host(cluster):
    port = cluster["nginx"].https
    status, headers, body = request(port, "/")
    assert status == 200
    assert "Ban Chỉ đạo 35" in body.decode()
    # One HSTS header, the app's: nginx adds none to proxied pages.
    assert len(headers.get_all("Strict-Transport-Security")) == 1
    assert "Server" not in headers or "nginx/" not in headers["Server"]  # server_tokens off
    if not ipv6_loopback():
        pytest.skip("::1 is not available on this machine: IPv4 checked, IPv6 not")
    status, _, body = request(port, "/", address="::1")
    assert status == 200 and "Ban Chỉ đạo 35" in body.decode()


def test_plain_http_redirects_to_https(cluster):
    for address in ["127.0.0.1"] + (["::1"] if ipv6_loopback() else []):
        status, headers, _ = request(cluster["nginx"].http, "/van-ban/?trang=2", address=address, tls=False)
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/van-ban/?trang=2"


def test_static_files_come_from_nginx_with_a_long_cache_for_hashed_names(cluster):
    manifest = json.loads((cluster["var"] / "static" / "staticfiles.json").read_text())["paths"]
    original, hashed = next((k, v) for k, v in manifest.items() if k.endswith(".css"))
    status, headers, body = request(cluster["nginx"].https, f"/static/{hashed}")
    assert status == 200
    assert body == (cluster["var"] / "static" / hashed).read_bytes()
    assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = request(cluster["nginx"].https, f"/static/{original}")
    assert status == 200 and headers["Cache-Control"] == "max-age=3600"
    assert "/static/" not in cluster["nginx"].access_log()  # the app hosts never saw them


def test_uploads_are_served_as_passive_content(cluster):
    photo = cluster["var"] / "media" / "sites" / "1" / "anh.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    status, headers, body = request(cluster["nginx"].https, "/media/sites/1/anh.jpg")
    assert status == 200 and body == photo.read_bytes()
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_body_over_the_limit_gets_413_in_vietnamese_without_being_read(cluster):
    """31 MB announced (client_max_body_size 30m): refused before a byte of it is sent."""
    from .cluster import _TLS

    conn = http.client.HTTPSConnection("127.0.0.1", cluster["nginx"].https, timeout=10, context=_TLS)
    conn.putrequest("POST", "/quan-tri/", skip_host=True)
    conn.putheader("Host", HOST)
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(31 * 1024 * 1024))
    conn.endheaders()
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 413
    assert "Tệp gửi lên quá lớn" in body and "30 MB" in body


def test_an_address_over_8_kb_gets_the_portals_vietnamese_414(cluster):
    status, _, body = request(cluster["nginx"].https, "/tim-kiem/?q=" + "a" * 9000)
    assert status == 414
    assert "Địa chỉ quá dài" in body.decode()


def test_a_document_file_is_sent_by_nginx_after_the_app_checked_it(cluster):
    from documents.views import DOWNLOAD_POLICY, PDF_POLICY

    stored = cluster["var"] / "documents" / cluster["NAME"]
    status, headers, body = request(cluster["nginx"].https, cluster["URL"])
    assert status == 200
    assert body == stored.read_bytes()  # the app answered with no body: nginx sent the bytes
    assert headers["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''K%E1%BA%BF" in headers["Content-Disposition"]
    assert headers["Content-Security-Policy"] in (PDF_POLICY, DOWNLOAD_POLICY)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in headers and "X-Document-CSP" not in headers
    # The internal location cannot be asked for directly.
    status, _, _ = request(cluster["nginx"].https, X_ACCEL_PREFIX + cluster["NAME"])
    assert status == 404


def test_requests_alternate_between_the_app_hosts(cluster):
    front, a, b = cluster["nginx"], cluster["a"], cluster["b"]
    for n in range(10):
        agent = {"User-Agent": "Mozilla/5.0 (kiem-tra-nhat-ky)"}
        assert request(front.https, f"/?lan={n}-alternate", headers=agent)[0] == 200
    pattern = r"lan=\d+-alternate\S* HTTP/1.1\" 200 .*upstream=127\.0\.0\.1:(\d+)"
    # nginx writes a line once the response is sent: the last may reach the file a moment later.
    deadline = time.monotonic() + 5
    while len(served := re.findall(pattern, front.access_log())) < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(served) == 10
    assert served.count(str(a.port)) == 5 and served.count(str(b.port)) == 5, served
    # The access log names neither the client's address nor its user agent.
    log = front.access_log()
    assert "kiem-tra-nhat-ky" not in log and not re.search(r"^127\.0\.0\.1 ", log, re.M)


def test_a_host_killed_under_load_leaves_only_its_requests_in_flight_failing(cluster, record_property):
    """Four readers keep asking for pages; host C dies; nginx sends everything to host B."""
    drill, c = cluster["drill"], cluster["c"]
    results: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def reader(n: int) -> None:
        paths = ["/", "/van-ban/", "/tin-tuc/", "/healthz"]
        i = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                status = request(drill.https, paths[(n + i) % len(paths)])[0]
            except (OSError, http.client.HTTPException):  # cut off mid-response: in flight
                status = 0
            results.append((started, time.monotonic(), status))
            i += 1

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in readers:
        thread.start()
    time.sleep(1)
    killed_at = time.monotonic()
    c.kill()
    time.sleep(2.5)
    stop.set()
    for thread in readers:
        thread.join(30)
    before = [r for r in results if r[1] < killed_at]
    in_flight = [r for r in results if r[0] < killed_at <= r[1]]
    after = [r for r in results if r[0] >= killed_at]
    failed = [r for r in results if r[2] >= 500 or r[2] == 0]
    served_by = re.findall(r"upstream=([\d.:]+)", drill.access_log())
    record_property("kill_drill", (len(before), len(in_flight), len(after), len(failed)))
    assert before and all(r[2] == 200 for r in before)
    assert f"127.0.0.1:{c.port}" in served_by  # C did take its share before dying
    assert len(after) > 20 and all(r[2] == 200 for r in after), [r[2] for r in after if r[2] != 200]
    assert len(failed) <= len(in_flight)
