"""The Nu Html Checker (npm package `vnu-jar`, run with Java) on saved HTML files.

As a script: `python tests/browser/vnu.py page.html [more.html …]` prints the errors and
warnings and exits 1 when there is an error. The tests call `check_files()`.
Install the checker once with `npm ci --omit=dev` (package.json pins vnu-jar).
"""

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


@dataclass
class Message:
    file: str
    kind: str  # "error" or "warning" ("info" messages other than warnings are dropped)
    line: int | None
    column: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        where = f"{Path(self.file).name}:{self.line}:{self.column}" if self.line else Path(self.file).name
        extract = " ".join(self.extract.split())[:160]
        return f"{self.kind} {where}: {self.message}" + (f"\n      …{extract}…" if extract else "")


def missing_reason() -> str | None:
    """Why the checker cannot run here, or None."""
    if not shutil.which("java"):
        return "needs Java to run the Nu Html Checker (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"needs {VNU_JAR.relative_to(ROOT)}: run `npm ci --omit=dev` (package.json pins vnu-jar)"
    return None


def check_files(paths: list[Path]) -> list[Message]:
    """Validate the files in ONE Java run (the JVM start is most of the cost)."""
    completed = subprocess.run(
        [
            "java",
            "-Xss1024k",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(completed.stderr or completed.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu gave no JSON report: {completed.stdout}\n{completed.stderr}") from None
    messages = []
    for item in report.get("messages", []):
        kind = item.get("type")
        if kind == "info":
            if item.get("subType") != "warning":
                continue
            kind = "warning"
        elif kind == "non-document-error":
            kind = "error"
        messages.append(
            Message(
                file=unquote(urlsplit(item.get("url", "")).path),
                kind=kind,
                line=item.get("lastLine"),
                column=item.get("firstColumn") or item.get("lastColumn"),
                message=item.get("message", ""),
                extract=item.get("extract", ""),
            )
        )
    return messages


def main(argv: list[str]) -> int:
    reason = missing_reason()
    if reason:
        print(reason, file=sys.stderr)  # noqa: T201 (a command-line script)
        return 2
    messages = check_files([Path(a) for a in argv])
    for message in messages:
        print(message)  # noqa: T201
    errors = sum(m.kind == "error" for m in messages)
    print(f"{errors} errors, {len(messages) - errors} warnings in {len(argv)} files")  # noqa: T201
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
