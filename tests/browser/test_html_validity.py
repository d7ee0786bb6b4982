"""HTML validity: the Nu Html Checker (vnu-jar, pinned in package.json) on every public page type,
as the server sends it. Errors fail the test; warnings are printed."""

import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from . import vnu
from .conftest import DESKTOP_UA
from .public_pages import page_url, public_page_paths

pytestmark = pytest.mark.browser


def _fetch(url: str) -> bytes:
    headers = {"User-Agent": DESKTOP_UA, "Accept-Language": "vi"}
    parts = urllib.parse.urlsplit(url)
    if parts.hostname and parts.hostname.endswith(".localhost"):
        # Browsers resolve *.localhost to this machine; the C library may not: ask by address.
        headers["Host"] = parts.netloc
        url = parts._replace(netloc=f"127.0.0.1:{parts.port}").geturl()
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is checked too
        return error.read()


def test_every_public_page_type_passes_the_nu_html_checker(demo_site, tmp_path):
    reason = vnu.missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the HTML checker: {reason}")
        pytest.skip(reason)
    files = {}
    for page_type, path in public_page_paths().items():
        name = re.sub(r"[^a-z0-9]+", "-", page_type.encode("ascii", "ignore").decode().lower()).strip("-")
        target = tmp_path / f"{name}.html"
        target.write_bytes(_fetch(page_url(demo_site, path)))
        files[target.name] = (page_type, page_url(demo_site, path))
    messages = vnu.check_files([tmp_path / name for name in files])

    def where(message) -> str:
        page_type, url = files[os.path.basename(message.file)]
        return f"{page_type} — {url}"

    warnings = [m for m in messages if m.kind == "warning"]
    errors = [m for m in messages if m.kind == "error"]
    print(f"\nvnu: {len(files)} pages, {len(errors)} errors, {len(warnings)} warnings")  # noqa: T201
    grouped: dict[tuple[str, str], list] = {}
    for message in warnings:  # the same warning on many lines of one page is printed once
        grouped.setdefault((where(message), message.message), []).append(message)
    for (page, text), items in grouped.items():
        lines = ", ".join(str(m.line) for m in items[:10]) + (" …" if len(items) > 10 else "")
        print(f"  warning ×{len(items)} {page} (lines {lines}): {text}")  # noqa: T201
    assert not errors, "the Nu Html Checker found errors:\n" + "\n".join(
        f"  {where(m)}\n    {m}" for m in errors
    )
