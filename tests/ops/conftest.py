"""Fixtures of the news, committee and documents tests, reused for the backup round trip."""

from tests.committee.conftest import appoint, make_person, roles, units  # noqa: F401
from tests.documents.conftest import _document_files, lookups, make_document  # noqa: F401
from tests.news.conftest import category, make_article  # noqa: F401
