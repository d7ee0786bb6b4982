"""Filling an admin form the way a person does: what the page shows, plus what they type."""

from pathlib import Path

import lxml.html
from django.apps import apps
from django.conf import settings


def project_models() -> list:
    """Every model of the apps in this repository, read from the app registry (not a list kept
    by hand, so a model added tomorrow is attacked tomorrow)."""
    base = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts and "site-packages" not in path.parts:
            found.extend(config.get_models())
    return found


def form_values(html: str, form_id: str) -> dict:
    """The values the form would submit as shown: text, selects, ticked boxes (no files)."""
    root = lxml.html.fromstring(html)
    form = root.get_element_by_id(form_id)
    data: dict = {}
    for field in form.inputs:
        name = field.get("name")
        if not name or field.get("type") in ("file", "submit"):
            continue
        if field.tag == "select":
            if field.multiple:
                data[name] = list(field.value)
            elif field.value is not None:
                data[name] = field.value
        elif field.get("type") == "checkbox":
            if field.checked:
                data[name] = "on"
        elif field.tag == "textarea":
            # A browser drops the newline that follows <textarea>; lxml keeps it.
            data[name] = (field.value or "").removeprefix("\n")
        else:
            data[name] = field.value or ""
    return data


def required_text_inputs(html: str, form_id: str) -> list[str]:
    """Names of the required text inputs and text areas the form shows empty."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    return [
        field.get("name")
        for field in form.inputs
        if field.get("required") is not None
        and field.tag in ("input", "textarea")
        and field.get("type", "text") in ("text", "textarea", "url", "email")
        and not (field.value or "").strip()
    ]


def field_errors(html: str, name: str) -> list[str]:
    """The error messages the admin shows on the row of field `name`."""
    root = lxml.html.fromstring(html)
    rows = root.xpath(f'//*[contains(concat(" ", @class, " "), " field-{name} ")]')
    return [
        li.text_content().strip()
        for row in rows
        for li in row.xpath('.//ul[contains(@class, "errorlist")]/li')
    ]
