from .cache import cached_response


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers from a short-lived whole-page cache.

    It sits right after SecurityMiddleware, before everything else: a hit is answered at once
    (the visit counted, the security headers added on the way out), and a miss stores the page
    as the rest of the stack finally made it (CSP header and gzip included). See
    pagecache.cache.cached_response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return cached_response(request, self.get_response)
