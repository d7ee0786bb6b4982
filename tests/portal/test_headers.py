"""Security headers on public pages, the admin and uploads."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_public_pages_have_a_strict_csp_without_unsafe_inline(citizen, site_identity):
    csp = citizen.get("/").headers["Content-Security-Policy"]
    d = _directives(csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert d["object-src"] == "object-src 'none'"
    assert d["base-uri"] == "base-uri 'none'"
    assert d["frame-ancestors"] == "frame-ancestors 'none'"
    assert d["script-src"] == "script-src 'self'"


def test_admin_allows_inline_styles_for_the_editor_but_never_inline_scripts(admin_client_):
    csp = admin_client_.get("/quan-tri/").headers["Content-Security-Policy"]
    d = _directives(csp)
    assert "'unsafe-inline'" in d["style-src"]
    assert d["script-src"] == "script-src 'self'"
    assert d["object-src"] == "object-src 'none'"


def test_common_headers_on_every_response(citizen, site_identity):
    for url in ["/", "/healthz", "/robots.txt", "/khong-co/"]:
        response = citizen.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url


def test_uploads_are_served_sandboxed(citizen, site_identity, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("site/x.txt", ContentFile(b"<script>alert(1)</script>"))
    response = citizen.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
