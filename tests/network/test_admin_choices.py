"""A platform administrator works across sites, yet a form's choices belong to one site: adding a
document on xã Long Hữu's address offers Long Hữu's document types, never the other committees'
types of the same name (choosing one of those could only be refused)."""

import re

from documents.models import DocumentType
from network.api import working_on


def _choices(html: str, name: str) -> set[str]:
    block = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return set(re.findall(r'<option value="(\d+)"', block))


def test_a_platform_administrator_is_offered_only_the_sites_own_choices(admin_client_, other_site):
    here = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")
    with working_on(other_site):
        there = DocumentType.objects.create(name="Kế hoạch", abbreviation="KH", slug="ke-hoach")

    on_first = admin_client_.get("/quan-tri/documents/document/add/")
    on_other = admin_client_.get("/quan-tri/documents/document/add/", HTTP_HOST=other_site.domain)

    assert _choices(on_first.content.decode(), "doc_type") == {str(here.pk)}
    assert _choices(on_other.content.decode(), "doc_type") == {str(there.pk)}
    # The lists still show every site's documents, with their site named.
    listing = admin_client_.get("/quan-tri/documents/documenttype/")
    assert listing.content.decode().count("Kế hoạch") >= 2
