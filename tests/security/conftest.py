"""Shared fixtures for the security suites: Chromium (tests/browser), the documents lookups and
private files folder (tests/documents), and the one-line summaries printed at the end of the run."""

import os

# The attack suites take minutes on two cores (every hostile file × every upload field × every
# role); they run with `make test-security` (SECURITY_SUITES=1), not in every `make test`.
# CI (.ci/run) runs them on SQLite and on PostgreSQL.
collect_ignore_glob = [] if os.environ.get("SECURITY_SUITES") else ["test_*.py"]

from tests.browser.conftest import chromium, new_page, pytest_runtest_makereport  # noqa: E402,F401
from tests.documents.conftest import _document_files, lookups  # noqa: E402,F401

# record_property name → the summary line, from the sums of (tried, found) over every test.
SUMMARIES = {
    "uploads": "Hostile uploads: tried {0}, stored unsafely {1}",
    "xss": "XSS vectors: tried {0}, executed {1}",
    "role_matrix": "Role matrix: {0} requests, {1} mismatches",
    "headers": "Header coverage: {0} URLs, {1} missing",
}


def pytest_terminal_summary(terminalreporter):
    """One line per suite at the end of the run, summed over every test (xdist workers included:
    user_properties travel with the reports). A suite that did not run prints nothing."""
    totals = {name: [0, 0, False] for name in SUMMARIES}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name in totals:
                    totals[name][0] += value[0]
                    totals[name][1] += value[1]
                    totals[name][2] = True
    for name, line in SUMMARIES.items():
        tried, found, seen = totals[name]
        if seen:
            terminalreporter.write_line(line.format(tried, found))
