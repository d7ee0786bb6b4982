"""The sanitiser: URL schemes are checked in srcset too, not only in href and src."""

import pytest

from common.html import clean_html


@pytest.mark.parametrize(
    "srcset",
    [
        "javascript:alert(1) 1x",
        "/media/a.jpg 480w, data:image/svg+xml;base64,PHN2Zz4= 960w",
        "JaVaScRiPt:x 2x",
    ],
)
def test_unsafe_srcset_is_dropped(srcset):
    html = clean_html(f'<img src="/media/a.jpg" srcset="{srcset}" alt="x">')
    assert "srcset" not in html and "javascript" not in html.lower() and "data:" not in html


def test_relative_and_https_srcset_is_kept():
    srcset = "/media/renditions/a-480.jpg 480w, https://bcd35.example.vn/media/a-960.jpg 960w"
    assert f'srcset="{srcset}"' in clean_html(f'<img src="/media/a.jpg" srcset="{srcset}" alt="x">')


def test_clean_output_is_a_fixed_point():
    once = clean_html('<p onclick="x">Xin <b>chào</b><script>1</script><a href="https://a.vn">a</a></p>')
    assert clean_html(once) == once
