"""Accessibility in a real browser: axe-core on every public page type, keyboard-only use of the
main menu and the search box, and 200 % zoom / 360 px width without sideways scrolling."""

import pytest

from .conftest import DESKTOP, PHONE
from .public_pages import NOT_FOUND_PATH, UNKNOWN_HOST, page_url, public_page_paths

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
# Every page type is checked on a desktop; these also on a phone, where the layout differs most
# (folded menu, stacked sidebar, scrolling tables). All of them twice would double the time.
PHONE_TOO = {
    "home",
    "article",
    "document list",
    "document detail",
    "committee organisation",
    "search results",
}


def _axe_report(page_type: str, url: str, violations: list[dict]) -> str:
    lines = [f"{page_type} — {url}"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"      at {target}\n         {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def test_no_serious_or_critical_axe_violation_on_any_public_page_type(demo_site, new_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_page(DESKTOP)
    phone = new_page(PHONE)
    failures, summary = [], []
    for page_type, path in public_page_paths().items():
        url = page_url(demo_site, path)
        for label, tab in (("desktop", page), ("phone", phone))[: 2 if page_type in PHONE_TOO else 1]:
            response = tab.goto(url, wait_until="load")
            expected = 404 if path in (NOT_FOUND_PATH, UNKNOWN_HOST) else 200
            assert response.status == expected, f"{page_type}: {url} answered {response.status}"
            violations = axe.run(tab).response["violations"]
            blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
            summary.append(
                f"{page_type} ({label}): {len(blocking)} serious/critical, {len(violations)} in all"
            )
            if blocking:
                failures.append(_axe_report(f"{page_type} ({label})", url, blocking))
    print("\naxe:\n  " + "\n  ".join(summary))  # noqa: T201 (shown with -s and on failure)
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


_FOCUS_STYLE = """el => {
    const s = getComputedStyle(el);
    return {
        matches: el.matches(':focus-visible'),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
            ? s.outlineStyle + ' ' + s.outlineWidth : '',
        shadow: s.boxShadow !== 'none' ? s.boxShadow : '',
    };
}"""


def _describe_focus(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 60),
                    href: el.getAttribute('href'), id: el.id,
                    inMenu: !!el.closest('#menu-chinh'), inSearch: !!el.closest('form.search-box')};
        }"""
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_keyboard_alone_reaches_every_menu_link_and_the_search_box_with_a_visible_focus(
    demo_site, new_page, viewport
):
    page = new_page(viewport)
    page.goto(demo_site.url + "/")
    menu_links = page.eval_on_selector_all("#menu-chinh a", "els => els.map(e => e.getAttribute('href'))")
    assert len(menu_links) >= 5, menu_links
    if viewport is PHONE:
        # On a phone the menu is folded behind its "Danh mục" button: open it with the keyboard.
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.classList.contains('main-nav__toggle')"):
                break
        else:
            pytest.fail("Tab never reached the phone menu button")
        page.keyboard.press("Enter")
        assert page.get_attribute(".main-nav__toggle", "aria-expanded") == "true"
    reached, search_reached, invisible = [], False, []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = _describe_focus(page)
        focus = page.evaluate_handle("() => document.activeElement").evaluate(_FOCUS_STYLE)
        if focused["inMenu"] or focused["id"] == "o-tim-kiem":
            if not focus["matches"] or not (focus["outline"] or focus["shadow"]):
                invisible.append((focused, focus))
        if focused["inMenu"]:
            reached.append(focused["href"])
        if focused["id"] == "o-tim-kiem":
            search_reached = True
            break
    missing = [href for href in menu_links if href not in reached]
    assert not missing, f"menu links never reached by Tab: {missing} (reached {reached})"
    assert search_reached, "Tab never reached the search box"
    assert not invisible, f"focused without a visible focus indicator: {invisible}"
    # The search works from the keyboard too.
    page.keyboard.type("hoi nghi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=hoi+nghi")


_OVERFLOW = """() => {
    const root = document.documentElement;
    const wide = [];
    if (root.scrollWidth > root.clientWidth) {
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > root.clientWidth + 1 && r.width > 0) {
                wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                          (typeof el.className === 'string' && el.className
                             ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                          ' right=' + Math.round(r.right));
                if (wide.length > 8) break;
            }
        }
    }
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def test_pages_do_not_scroll_sideways_at_360_px_nor_at_200_percent_zoom(demo_site, new_page):
    # 200 % zoom of a 1280 px wide window lays the page out in 640 CSS px at twice the pixel
    # density, which is what device_scale_factor=2 on a 640 px viewport gives.
    phone = new_page(PHONE)
    zoomed = new_page({"width": 640, "height": 450}, device_scale_factor=2)
    problems = []
    for page_type, path in public_page_paths().items():
        for label, page in (("360 px", phone), ("200 %", zoomed)):
            page.goto(page_url(demo_site, path), wait_until="load")
            result = page.evaluate(_OVERFLOW)
            if result["scrollWidth"] > result["clientWidth"]:
                problems.append(f"{page_type} at {label}: {result}")
    assert not problems, "horizontal scrolling:\n" + "\n".join(problems)
