"""README.md stays a front door (the two commands first, short, every docs/ page linked) and
docs/configuration.md documents every environment variable."""

import re
from pathlib import Path

from tests.env_names import variables_read

ROOT = Path(__file__).resolve().parents[2]


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_environment_variable_in_settings_is_documented():
    configuration = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in variables_read() if f"`{name}`" not in configuration)
    assert not missing, f"docs/configuration.md does not document: {missing}"


def test_readme_is_a_short_front_door_linking_every_docs_page():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 120
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    unlinked = [name for name in pages if f"(docs/{name})" not in readme]
    assert not unlinked, f"README.md does not link: {unlinked}"


def test_every_relative_link_in_the_readme_and_docs_leads_to_a_file():
    broken = []
    for page in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert not broken
