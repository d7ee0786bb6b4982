"""The environment variables the settings read (portal/settings.py, portal/gunicorn.conf.py) and
those docs/configuration.md documents: what the README test and the env-file template test
compare against."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def variables_read() -> set[str]:
    """Every name settings.py reads through env(), env_bool/int/list, env.str/db_url/email_url,
    and every os.environ.get of gunicorn.conf.py."""
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
    return names


def variables_documented() -> set[str]:
    """The names in the first column of docs/configuration.md's table."""
    names = set()
    for line in (ROOT / "docs" / "configuration.md").read_text().splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names
