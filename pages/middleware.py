from django.utils import translation

from .language import page_language
from .pagecache import cached_response


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers from a short-lived whole-page cache.

    It sits inside the visit counter (so cached pages are still counted) and outside GZip
    (so a cached page is stored compressed and not compressed again). See pages.pagecache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return cached_response(request, self.get_response)


class PageLanguageMiddleware:
    """Activates the page's language, chosen by its address and not by Accept-Language (see
    pages.language), and says it in Content-Language. Stands where Django's LocaleMiddleware
    would, which would let one browser's preference decide the language of a cached page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = page_language(request.path_info)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
