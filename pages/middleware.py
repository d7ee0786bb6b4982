from django.conf import settings
from django.utils import translation

from common.language import page_language


class PageLanguageMiddleware:
    """Activates the page's language, chosen by its address and not by Accept-Language (see
    common.language), and says it in Content-Language. Stands where Django's LocaleMiddleware
    would, which would let one browser's preference decide the language of a cached page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = page_language(request.path_info, settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
