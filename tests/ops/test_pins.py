"""The pins check: every pinned dependency against the newest release on the package index.

Most tests hand the check a stubbed list of versions; the last ones run the real
``pip index versions`` against a PEP 503 index in a temporary directory and against a closed
port, so pip's own behaviour is exercised without a network.
"""

import io
import socket
from pathlib import Path

import pytest
from packaging.version import Version

from ops.pins import IndexUnavailable, main, read_pins

INDEX = {
    "django": ["6.0.1", "5.2.20", "5.2.19", "5.2.18", "4.2.30"],
    "redis": ["9.0.1", "8.2.0", "8.1.0"],
    "whitenoise": ["7.0.0", "6.12.0"],
    "ruff": ["0.17.7", "0.17.6"],
    "psycopg": ["3.3.9", "3.3.8"],
    "pytest": ["9.2.0"],
}


def _stub(index=INDEX):
    asked = []

    def lookup(name):
        asked.append(name)
        return index[name.lower()]

    lookup.asked = asked
    return lookup


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(files, lookup) -> tuple[int, str]:
    out = io.StringIO()
    code = main([str(f) for f in files], out=out, lookup=lookup)
    return code, out.getvalue()


def test_django_behind_the_newest_patch_release_of_its_series_fails_naming_both(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.19\n")

    code, output = _run([requirements], _stub())

    assert code == 1
    assert "pins: FAIL Django==5.2.19 (" in output
    assert "requirements.txt:1" in output
    assert "not the newest patch release of the 5.2 series: Django 5.2.20 is out" in output
    assert "pin Django==5.2.20" in output
    assert "pins check FAILED" in output


def test_django_at_the_newest_patch_release_passes_and_a_newer_series_is_only_a_warning(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\n")

    code, output = _run([requirements], _stub())

    assert code == 0
    assert "pins: warning Django==5.2.20" in output
    assert "newest 6.0.1 (a new major version); 5.2.20 is the newest of 5.x" in output
    assert "pins check passed: 1 pinned packages" in output


def test_django_pre_release_does_not_count_as_the_newest_patch_release(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\n")
    index = {"django": ["5.2.21rc1", "5.2.20"]}

    code, output = _run([requirements], _stub(index))

    assert code == 0
    assert "0 failure(s), 0 warning(s)" in output


def test_other_outdated_pins_are_listed_with_newest_overall_and_newest_of_their_major_but_pass(tmp_path):
    requirements = _write(
        tmp_path, "requirements.txt", "Django==5.2.20\nredis==8.1.0\nwhitenoise==6.12.0\nruff==0.17.6\n"
    )

    code, output = _run([requirements], _stub())

    assert code == 0
    assert "pins: warning redis==8.1.0 (" in output
    assert "newest 9.0.1 (a new major version); newest of 8.x: 8.2.0" in output
    assert "pins: warning whitenoise==6.12.0 (" in output
    assert "newest 7.0.0 (a new major version); 6.12.0 is the newest of 6.x" in output
    assert "pins: warning ruff==0.17.6 (" in output
    assert "newest 0.17.7 (same major version)" in output
    assert "0 failure(s), 4 warning(s)" in output


def test_extras_comments_and_included_files_are_read_and_each_pin_counted_once(tmp_path):
    base = _write(
        tmp_path,
        "requirements.txt",
        "# Runtime dependencies, pinned.\n\nDjango==5.2.19\npsycopg[binary]==3.3.9  # the driver\n",
    )
    dev = _write(tmp_path, "requirements-dev.txt", "-r requirements.txt\npytest==9.2.0\n")

    pins, findings = read_pins([base, dev])

    assert [(pin.name, pin.version) for pin in pins] == [
        ("Django", Version("5.2.19")),
        ("psycopg", Version("3.3.9")),
        ("pytest", Version("9.2.0")),
    ]
    assert pins[1].where.endswith("requirements.txt:4")
    assert findings == []


def test_a_file_reached_only_through_r_is_checked(tmp_path):
    _write(tmp_path, "requirements.txt", "Django==5.2.19\n")
    dev = _write(tmp_path, "requirements-dev.txt", "-r requirements.txt\npytest==9.2.0\n")

    code, output = _run([dev], _stub())

    assert code == 1
    assert "pins: FAIL Django==5.2.19" in output


def test_a_requirement_without_one_pinned_version_is_a_warning_not_a_silent_skip(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\nredis>=8\n")

    code, output = _run([requirements], _stub())

    assert code == 0
    assert "pins: warning redis>=8 (" in output
    assert "not pinned to one version; not checked" in output


def test_an_unreachable_index_fails_after_asking_only_once(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\nredis==8.2.0\npytest==9.2.0\n")
    asked = []

    def unreachable(name):
        asked.append(name)
        raise IndexUnavailable("connection refused")

    code, output = _run([requirements], unreachable)

    assert code == 1
    assert asked == ["Django"]
    assert output.startswith("pins check failed: package index unreachable (Django: connection refused)")


def test_a_package_the_index_does_not_answer_for_fails(tmp_path):
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\nprivate-thing==1.0\n")

    def lookup(name):
        if name == "private-thing":
            raise IndexUnavailable("ERROR: No matching distribution found for private-thing")
        return INDEX[name.lower()]

    code, output = _run([requirements], lookup)

    assert code == 1
    assert "pins: FAIL private-thing==1.0 (" in output
    assert "the package index gave no versions" in output


# The real pip, offline: a PEP 503 index in a directory, and a port nothing listens on.


@pytest.fixture
def pip_sees_only_the_given_index(tmp_path, monkeypatch):
    """pip with no configured extra index or find-links, so it asks only ``--index-url``."""
    config = tmp_path / "pip.conf"
    config.write_text("[global]\nextra-index-url =\nfind-links =\n", encoding="utf-8")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(config))
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_NO_INDEX"):
        monkeypatch.delenv(name, raising=False)


def _file_index(root: Path, releases: dict[str, list[str]]) -> str:
    for project, files in releases.items():
        folder = root / project
        folder.mkdir(parents=True)
        links = "".join(f'<a href="{name}">{name}</a>\n' for name in files)
        (folder / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")
    return root.as_uri()


def test_real_pip_on_a_file_index_fails_an_old_django_and_warns_on_redis(
    tmp_path, pip_sees_only_the_given_index
):
    index_url = _file_index(
        tmp_path / "simple",
        {
            "django": [
                "Django-5.2.19-py3-none-any.whl",
                "Django-5.2.20-py3-none-any.whl",
                "django-5.2.20.tar.gz",
            ],
            "redis": ["redis-8.1.0-py3-none-any.whl", "redis-8.2.0-py3-none-any.whl"],
        },
    )
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.19\nredis==8.1.0\n")
    out = io.StringIO()

    code = main([requirements, "--index-url", index_url], out=out)

    output = out.getvalue()
    assert code == 1, output
    assert "pins: FAIL Django==5.2.19" in output
    assert "Django 5.2.20 is out" in output
    assert "pins: warning redis==8.1.0" in output
    assert "newest 8.2.0 (same major version)" in output


def test_real_pip_with_an_index_that_refuses_connections_fails_with_an_operator_message(
    tmp_path, pip_sees_only_the_given_index
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    requirements = _write(tmp_path, "requirements.txt", "Django==5.2.20\n")
    out = io.StringIO()

    code = main([requirements, "--index-url", f"http://127.0.0.1:{port}/simple", "--timeout", "2"], out=out)

    output = out.getvalue()
    assert code == 1, output
    assert output.startswith("pins check failed: package index unreachable (Django: ")
    assert "Connection refused" in output
