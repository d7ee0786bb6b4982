"""Compare every pinned dependency with the newest release the package index offers.

pip-audit reads advisories from PyPI's per-release JSON, which a closed network or an
index-only mirror does not serve; this check asks the package index itself (``pip index
versions``, through pip's own configuration), so it answers wherever ``pip install`` does.

Rules:

* Django's patch releases are its security releases, so a Django pin that is not the newest
  patch release of its series (5.2.x) fails. A newer series is only a warning: moving off an
  LTS series is a deliberate upgrade.
* Any other pin older than the newest release is listed as a warning naming the newest release
  overall and the newest of the pinned major version.
* When the index gives no versions for a package, the check fails: a check that cannot look
  must not pass.

Django-free on purpose: it runs before the project's dependencies are trusted.

Usage: ``python -m ops.pins requirements.txt requirements-dev.txt`` (exit 1 on failure).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

# Packages whose patch releases carry the security fixes of a series: pinning anything but the
# newest release sharing the first N version components fails the check.
SECURITY_SERIES: dict[str, int] = {"django": 2}

# pip's own default is 5 retries of the configured timeout (180 s here): a silent network would
# hold the check for a quarter of an hour before it could say so.
DEFAULT_TIMEOUT = 15
DEFAULT_RETRIES = 2
DEFAULT_JOBS = 4

_INCLUDE_OPTIONS = ("-r", "--requirement", "-c", "--constraint")


class IndexUnavailable(Exception):
    """The package index gave no list of versions for a package."""


@dataclass(frozen=True)
class Pin:
    name: str
    version: Version
    where: str  # "requirements.txt:3", for the operator to find the line

    @property
    def key(self) -> str:
        return canonicalize_name(self.name)

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True)
class Finding:
    failed: bool
    pin_text: str
    where: str
    message: str

    def line(self) -> str:
        level = "FAIL" if self.failed else "warning"
        return f"pins: {level} {self.pin_text} ({self.where}): {self.message}"


@dataclass
class Report:
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)
    unreachable: str = ""

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.failed]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.failed]

    @property
    def ok(self) -> bool:
        return not self.unreachable and not self.failures


def _strip_line(raw: str) -> str:
    # A comment starts a line or follows whitespace ("pkg==1.0  # why"); a "#" inside a URL
    # fragment has no space before it.
    text = raw.strip()
    if text.startswith("#"):
        return ""
    for marker in (" #", "\t#"):
        if marker in text:
            text = text[: text.index(marker)]
    # Per-requirement options ("--hash=...") follow the requirement after whitespace.
    if " --" in text and not text.startswith("-"):
        text = text[: text.index(" --")]
    return text.strip()


def _include_target(text: str) -> str | None:
    for option in _INCLUDE_OPTIONS:
        if text == option:
            return None
        if text.startswith(option + " ") or text.startswith(option + "="):
            return text[len(option) + 1 :].strip()
        if option.startswith("-") and not option.startswith("--") and text.startswith(option):
            return text[len(option) :].strip()  # "-rrequirements.txt"
    return None


def read_pins(paths: Iterable[str | Path]) -> tuple[list[Pin], list[Finding]]:
    """Pins of the files and of the files they include with ``-r``/``-c``, each line once.

    The same package pinned to the same version in two files counts once; pinned to two
    versions, both are checked. A requirement that is not pinned to one version is a warning.
    """
    pins: dict[tuple[str, Version], Pin] = {}
    findings: list[Finding] = []
    seen_files: set[Path] = set()

    def visit(path: Path, shown: str) -> None:
        resolved = path.resolve()
        if resolved in seen_files:
            return
        seen_files.add(resolved)
        lines = path.read_text(encoding="utf-8").splitlines()
        logical, start = "", 0
        for number, raw in enumerate(lines, start=1):
            if not logical:
                start = number
            if raw.rstrip().endswith("\\"):
                logical += raw.rstrip()[:-1] + " "
                continue
            text, logical = _strip_line(logical + raw), ""
            if not text:
                continue
            where = f"{shown}:{start}"
            if text.startswith("-"):
                target = _include_target(text)
                if target:
                    visit(path.parent / target, str(Path(shown).parent / target))
                continue
            try:
                requirement = Requirement(text)
            except InvalidRequirement as error:
                findings.append(Finding(True, text, where, f"unreadable requirement ({error})"))
                continue
            specifiers = list(requirement.specifier)
            if (
                requirement.url
                or len(specifiers) != 1
                or specifiers[0].operator not in ("==", "===")
                or "*" in specifiers[0].version
            ):
                findings.append(Finding(False, text, where, "not pinned to one version; not checked"))
                continue
            try:
                version = Version(specifiers[0].version)
            except InvalidVersion:
                findings.append(Finding(False, text, where, "version is not PEP 440; not checked"))
                continue
            pin = Pin(requirement.name, version, where)
            pins.setdefault((pin.key, version), pin)

    for path in paths:
        path = Path(path)
        visit(path, str(path))
    return list(pins.values()), findings


def judge(pin: Pin, available: Sequence[str]) -> Finding | None:
    """What the index's versions say about one pin: a failure, a warning, or nothing."""
    releases = []
    for text in available:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            releases.append(version)
    if not releases:
        return Finding(True, str(pin), pin.where, "the package index lists no release of it")

    series_length = SECURITY_SERIES.get(pin.key)
    if series_length:
        series = pin.version.release[:series_length]
        in_series = [v for v in releases if v.release[:series_length] == series]
        newest_in_series = max(in_series, default=pin.version)
        if newest_in_series > pin.version:
            name = ".".join(map(str, series))
            return Finding(
                True,
                str(pin),
                pin.where,
                f"not the newest patch release of the {name} series: {pin.name} {newest_in_series} is "
                f"out, and {pin.name}'s patch releases are security releases; "
                f"pin {pin.name}=={newest_in_series}",
            )

    newest = max(releases)
    if newest <= pin.version:
        if pin.version not in releases:
            return Finding(False, str(pin), pin.where, "the package index does not offer this version")
        return None
    major = pin.version.major
    newest_same_major = max((v for v in releases if v.major == major), default=pin.version)
    if newest.major == major:
        message = f"newest {newest} (same major version)"
    elif newest_same_major > pin.version:
        message = f"newest {newest} (a new major version); newest of {major}.x: {newest_same_major}"
    else:
        message = f"newest {newest} (a new major version); {pin.version} is the newest of {major}.x"
    return Finding(False, str(pin), pin.where, message)


def check_pins(
    pins: Sequence[Pin], lookup: Callable[[str], Sequence[str]], *, jobs: int = DEFAULT_JOBS
) -> Report:
    """Judge every pin against ``lookup(name)``, the index's versions of a package.

    The first package is asked alone: when the index does not answer it, nothing else is
    asked, so an unreachable index fails after one timeout instead of one per package.
    """
    report = Report(checked=len(pins))
    if not pins:
        return report

    def ask(pin: Pin) -> tuple[Pin, Sequence[str] | IndexUnavailable]:
        try:
            return pin, lookup(pin.name)
        except IndexUnavailable as error:
            return pin, error

    first, answer = ask(pins[0])
    if isinstance(answer, IndexUnavailable):
        report.unreachable = f"{first.name}: {answer}"
        return report
    answers = [(first, answer)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        answers += pool.map(ask, pins[1:])
    for pin, answer in answers:
        if isinstance(answer, IndexUnavailable):
            finding = Finding(True, str(pin), pin.where, f"the package index gave no versions ({answer})")
        else:
            finding = judge(pin, answer)
        if finding:
            report.findings.append(finding)
    return report


class PipIndex:
    """``lookup`` through ``pip index versions``: pip's configured index, proxy and certificates."""

    def __init__(
        self,
        pip_args: Sequence[str] = (),
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        python: str = sys.executable,
    ) -> None:
        self.pip_args = list(pip_args)
        self.timeout = timeout
        self.retries = retries
        self.python = python

    def __call__(self, name: str) -> list[str]:
        command = [
            self.python,
            "-m",
            "pip",
            "index",
            "versions",
            name,
            "--json",
            "--no-input",
            "--disable-pip-version-check",
            "--timeout",
            str(self.timeout),
            "--retries",
            str(self.retries),
            *self.pip_args,
        ]
        # Every retry may wait the whole timeout; the margin covers pip's own start-up.
        deadline = self.timeout * (self.retries + 1) + 60
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=deadline)
        except subprocess.TimeoutExpired:
            raise IndexUnavailable(f"pip index versions {name} gave no answer in {deadline:.0f} s") from None
        if result.returncode != 0:
            # pip's last warning says why (connection refused, timed out, missing directory);
            # its error only says that no version was found.
            lines = result.stderr.splitlines()
            said = [[line for line in lines if line.startswith(level)][-1:] for level in ("WARNING", "ERROR")]
            detail = " / ".join(said[0] + said[1]) or f"pip exited with {result.returncode}"
            raise IndexUnavailable(detail)
        try:
            return list(json.loads(result.stdout)["versions"])
        except (ValueError, KeyError, TypeError):
            raise IndexUnavailable(f"unexpected output of pip index versions {name}") from None


def write_report(report: Report, out: TextIO, seconds: float) -> None:
    if report.unreachable:
        out.write(
            f"pins check failed: package index unreachable ({report.unreachable}); no pin was "
            "checked. Fix the network or pip's index (pip config list), or pass --index-url URL.\n"
        )
        return
    for finding in report.warnings + report.failures:
        out.write(finding.line() + "\n")
    failures, warnings = len(report.failures), len(report.warnings)
    verdict = "FAILED" if failures else "passed"
    out.write(
        f"pins check {verdict}: {report.checked} pinned packages compared with the package index "
        f"in {seconds:.1f} s, {failures} failure(s), {warnings} warning(s)\n"
    )


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    lookup: Callable[[str], Sequence[str]] | None = None,
) -> int:
    """The command; ``lookup`` replaces pip (tests pass a stub that needs no network)."""
    parser = argparse.ArgumentParser(
        prog="python -m ops.pins", description=__doc__.split("\n\n")[0].replace("\n", " ")
    )
    parser.add_argument("files", nargs="+", help="requirements files (their -r includes are followed)")
    parser.add_argument("--index-url", help="ask this index instead of pip's configured one")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per request")
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="pip processes at once")
    args = parser.parse_args(argv)
    out = out or sys.stdout

    started = time.monotonic()
    pins, findings = read_pins(args.files)
    if lookup is None:
        lookup = PipIndex(["--index-url", args.index_url] if args.index_url else [], timeout=args.timeout)
    report = check_pins(pins, lookup, jobs=args.jobs)
    report.findings[:0] = findings
    write_report(report, out, time.monotonic() - started)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
