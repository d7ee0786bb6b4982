"""On a 360 px phone pages come to an end: the home page, the organisation page and the
document list each fit in a bounded number of screens, with the demo content loaded."""

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

SCREEN = 640  # CSS px of a phone screen, less the browser's own bars
# Measured with the demo at 360 px: home 13.9, organisation 20.3, documents 12.8 screens before
# the phone layout folded them; each bound leaves about one screen of room for new content.
MOST_SCREENS = {
    "/": 10.5,
    "/ban-chi-dao/": 8.5,
    "/van-ban/": 10.5,
}


def _screens(page, path: str, base_url: str) -> float:
    page.goto(base_url + path, wait_until="load")
    return page.evaluate("() => document.documentElement.scrollHeight") / SCREEN


def test_phone_pages_fit_in_a_bounded_number_of_screens(demo_site, new_page):
    page = new_page(PHONE)
    heights = {path: _screens(page, path, demo_site.url) for path in MOST_SCREENS}
    print("\nscreens at 360 px:", {p: round(h, 1) for p, h in heights.items()})  # noqa: T201
    too_long = {p: round(h, 1) for p, h in heights.items() if h > MOST_SCREENS[p]}
    assert not too_long, f"longer than {MOST_SCREENS} screens of {SCREEN} px: {too_long}"


def test_document_list_on_a_phone_shows_documents_on_the_first_screen(demo_site, new_page):
    page = new_page(PHONE)
    page.goto(demo_site.url + "/van-ban/")
    first_row = page.locator(".doc-table tbody tr").first.bounding_box()
    assert first_row["y"] < SCREEN, f"the first document starts at {first_row['y']} px"


def test_phone_menu_has_an_icon_and_esc_closes_it_back_onto_its_button(demo_site, new_page):
    page = new_page(PHONE)
    page.goto(demo_site.url + "/")
    toggle = page.get_by_role("button", name="Danh mục")
    assert toggle.locator("svg").bounding_box()["width"] > 0
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('#menu-chinh')")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#menu-chinh").is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('main-nav__toggle')")


def test_most_read_list_shows_its_rank_numbers(demo_site, new_page):
    page = new_page(PHONE)
    page.goto(demo_site.url + "/")
    items = page.locator("#w-doc-nhieu + ol.most-read > li")
    assert items.count() >= 2
    assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "decimal"


def test_article_text_is_not_justified_on_a_phone(demo_site, new_page):
    from demo.news import SEED_SLUG
    from news.models import Article

    page = new_page(PHONE)
    page.goto(demo_site.url + Article.objects.get(slug=SEED_SLUG).get_absolute_url())
    aligns = page.eval_on_selector_all(".article__body p", "ps => ps.map(p => getComputedStyle(p).textAlign)")
    assert aligns and "justify" not in aligns, aligns


def test_document_numbers_stay_on_one_line_on_a_phone(demo_site, new_page):
    page = new_page(PHONE)
    page.goto(demo_site.url + "/van-ban/")
    detail = page.locator(".doc-table__title").first.get_attribute("href")
    codes = page.eval_on_selector_all(".doc-table__code", "els => els.map(e => e.getClientRects().length)")
    page.goto(demo_site.url + detail)
    codes += page.eval_on_selector_all(".doc-code", "els => els.map(e => e.getClientRects().length)")
    # An inline element broken over two lines has two boxes.
    assert len(codes) > 3 and set(codes) == {1}, codes
