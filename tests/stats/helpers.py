"""User agents and small helpers shared by the stats tests."""

import datetime

from django.test import Client

from stats.counter import compute_numbers, recent_daily

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IOS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Mobile/15E148 Safari/604.1"
)
COCCOC = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/131.0.0 Chrome/125.0.6422.176 Safari/537.36"
)
ZALO = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/128.0.6613.146 Mobile Safari/537.36 Zalo android/12100713 "
    "ZaloTheme/light ZaloLanguage/vi"
)
FACEBOOK_IOS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 [FBAN/FBIOS;FBAV/474.0.0.36.109;FBBV/633475486;FBDV/iPhone14,5;FBMD/iPhone;"
    "FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/vi_VN;FBOP/5;FBRV/635829458]"
)
FACEBOOK_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Mobile Safari/537.36 "
    "[FB_IAB/FB4A;FBAV/487.0.0.60.79;]"
)
BROWSERS = {
    "chrome": CHROME,
    "safari-ios": SAFARI_IOS,
    "coc-coc": COCCOC,
    "zalo": ZALO,
    "facebook-ios": FACEBOOK_IOS,
    "facebook-android": FACEBOOK_ANDROID,
}
BOTS = {
    "googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "googlebot-smartphone": (
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    ),
    "bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "coccocbot": "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "ahrefsbot": "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "gptbot": (
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"
    ),
    "uptimerobot": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "facebookexternalhit": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "curl": "curl/8.5.0",
    "wget": "Wget/1.21.4",
    "python-requests": "python-requests/2.32.3",
    "headless-chrome": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 "
        "Safari/537.36"
    ),
    "empty": "",
    "blank": "   ",
}

UTC = datetime.UTC


def at(*args) -> datetime.datetime:
    """An aware UTC instant: at(2025, 1, 5, 16, 59, 59)."""
    return datetime.datetime(*args, tzinfo=UTC)


_HANDLER = None


def browser(ua: str = CHROME, ip: str = "203.0.113.10", **extra) -> Client:
    """A client with its own cookies and headers, sharing one loaded middleware chain.

    Loading the chain scans the static files (WhiteNoise): once per test run, not per client.
    Tests that change settings.MIDDLEWARE use a plain Client.
    """
    global _HANDLER
    client = Client(HTTP_USER_AGENT=ua, REMOTE_ADDR=ip, **extra)
    if _HANDLER is None:
        _HANDLER = client.handler
    client.handler = _HANDLER
    return client


def numbers(now=None):
    return compute_numbers(now)


def stored(day: datetime.date) -> int:
    """Visits of `day` as the store knows them (Redis mode: max of Redis and the database)."""
    from django.utils import timezone

    return recent_daily([day], timezone.now())[0].get(day, 0)
