"""README.md stays true: the two commands first, and every environment variable documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_environment_variable_in_settings_is_documented():
    settings_src = (ROOT / "portal" / "settings.py").read_text()
    names = set(
        re.findall(
            r'env(?:_bool|_int|_list|\.str|\.db_url|\.email_url)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_src
        )
    )
    names |= set(
        re.findall(
            r'os\.environ\.get\("([A-Z][A-Z0-9_]+)"', (ROOT / "portal" / "gunicorn.conf.py").read_text()
        )
    )
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"README.md does not document: {missing}"
