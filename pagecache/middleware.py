from .cache import cached_response


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers from a short-lived whole-page cache.

    It sits inside the visit counter (so cached pages are still counted) and outside GZip
    (so a cached page is stored compressed and not compressed again). See pagecache.cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return cached_response(request, self.get_response)
