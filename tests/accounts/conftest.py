"""Fixtures of the news tests, for the second step's draft-preview check."""

from tests.news.conftest import category, make_article  # noqa: F401
