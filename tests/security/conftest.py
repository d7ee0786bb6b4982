"""Shared fixtures for the security suites: Chromium (tests/browser), the documents lookups and
private files folder (tests/documents), and the upload suite's one-line summary."""

import os

# The attack suites take minutes on two cores (every hostile file × every upload field × every
# role); they run with `make test-security` (SECURITY_SUITES=1), not in every `make test`.
collect_ignore_glob = [] if os.environ.get("SECURITY_SUITES") else ["test_*.py"]

from tests.browser.conftest import chromium, new_page, pytest_runtest_makereport  # noqa: E402,F401
from tests.documents.conftest import _document_files, lookups  # noqa: E402,F401


def pytest_terminal_summary(terminalreporter):
    """One line for the issue note, summed over every upload test (xdist workers included)."""
    tried = unsafe = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", []):
                if name == "uploads" and getattr(report, "when", "") == "call":
                    tried += value[0]
                    unsafe += value[1]
    if tried:
        terminalreporter.write_line(f"Hostile uploads: tried {tried}, stored unsafely {unsafe}")
