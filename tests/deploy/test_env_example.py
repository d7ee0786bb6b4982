"""deploy/env.example, the template of /etc/bcd35/bcd35.env: it names every variable the
settings read and every one docs/configuration.md documents, and the app starts from it."""

import re
import subprocess
import sys
from pathlib import Path

from tests.env_names import variables_documented, variables_read

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "env.example"


def _assigned() -> set[str]:
    """Names set (NAME=…) or shown with their default (#NAME=…)."""
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", TEMPLATE.read_text(), flags=re.M))


def test_the_template_names_every_variable_the_settings_read():
    missing = sorted(variables_read() - _assigned())
    assert not missing, f"deploy/env.example lacks: {missing}"


def test_the_template_names_every_documented_variable():
    missing = sorted(variables_documented() - _assigned())
    assert not missing, f"deploy/env.example lacks: {missing}"
    unknown = sorted(_assigned() - variables_documented())
    assert not unknown, f"deploy/env.example sets variables docs/configuration.md does not know: {unknown}"


def test_the_production_deploy_check_passes_on_the_template(tmp_path):
    """Read as the app reads it (django-environ) with only the secret key filled in, the template
    gives settings that pass `manage.py check --deploy` without a warning."""
    env_file = tmp_path / "bcd35.env"
    env_file.write_text(
        TEMPLATE.read_text().replace("change-me-to-50-random-characters", "Tq8" + "xZ4mB7pL2wK9rF5nH3cV6" * 3)
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_ENV_FILE": str(env_file), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
