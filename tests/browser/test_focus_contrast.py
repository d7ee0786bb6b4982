"""The keyboard focus ring stands out from whatever it sits on: a contrast of at least 3:1
between the ring's colour and the background around it, in every landmark of the page
(red header, dark red menu and footer, white content and sidebar), in high-contrast mode too."""

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

MINIMUM_CONTRAST = 3.0

# The first focusable element of each landmark; the ring is drawn outside the element
# (outline-offset), so what it has to stand out from is the background of its surroundings.
LANDMARKS = {
    "header": ".site-header__top a, .site-header__top button",
    "menu": "#menu-chinh a",
    "search in the menu bar": "#o-tim-kiem",
    "main": "main a",
    "aside": "aside a",
    "footer": "footer a",
}

# WCAG 2 relative luminance and contrast ratio; the background is the first opaque colour
# found walking up from the element's parent, with translucent layers blended onto it.
_RING_AND_BACKGROUND = """el => {
    const rgba = c => {
        const m = c.match(/[\\d.]+/g).map(Number);
        return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1};
    };
    const layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
        const c = rgba(getComputedStyle(node).backgroundColor);
        if (c.a > 0) layers.push(c);
        if (c.a >= 1) break;
    }
    let bg = {r: 255, g: 255, b: 255};
    for (const c of layers.reverse()) {
        bg = {r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a),
              b: c.b * c.a + bg.b * (1 - c.a)};
    }
    const lum = c => {
        const ch = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
    };
    const s = getComputedStyle(el);
    const ring = rgba(s.outlineColor);
    const [hi, lo] = [lum(ring), lum(bg)].sort((a, b) => b - a);
    return {
        focusVisible: el.matches(':focus-visible'),
        outline: s.outlineStyle + ' ' + s.outlineWidth,
        ring: s.outlineColor,
        background: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
        ratio: (hi + 0.05) / (lo + 0.05),
    };
}"""


def _ring_contrasts(page) -> dict[str, dict]:
    found = {}
    for landmark, selector in LANDMARKS.items():
        element = page.locator(selector).first
        # Keyboard focus (Tab, then focus()) so that :focus-visible applies as for a keyboard user.
        page.keyboard.press("Tab")
        element.focus()
        found[landmark] = element.evaluate(_RING_AND_BACKGROUND)
    return found


@pytest.mark.parametrize("contrast_mode", [False, True], ids=["normal", "high contrast"])
def test_focus_ring_contrasts_at_least_3_to_1_with_every_landmark_background(
    demo_site, new_page, contrast_mode
):
    page = new_page(DESKTOP)
    page.goto(demo_site.url + "/")
    if contrast_mode:
        page.click("[data-contrast]")
        assert page.evaluate("() => document.documentElement.classList.contains('contrast')")
    found = _ring_contrasts(page)
    shown = {k: f"{v['ratio']:.2f} ({v['ring']} on {v['background']})" for k, v in found.items()}
    print("\nfocus ring:", shown)  # noqa: T201
    weak = {
        landmark: info
        for landmark, info in found.items()
        if not info["focusVisible"] or info["outline"].startswith("none") or info["ratio"] < MINIMUM_CONTRAST
    }
    assert not weak, f"focus ring below {MINIMUM_CONTRAST}:1 or not shown: {weak}"


def test_focus_ring_on_the_open_phone_menu_contrasts_at_least_3_to_1(demo_site, new_page):
    page = new_page(PHONE)
    page.goto(demo_site.url + "/")
    page.click(".main-nav__toggle")
    link = page.locator("#menu-chinh a").first
    page.keyboard.press("Tab")
    link.focus()
    info = link.evaluate(_RING_AND_BACKGROUND)
    assert info["focusVisible"] and info["ratio"] >= MINIMUM_CONTRAST, info
