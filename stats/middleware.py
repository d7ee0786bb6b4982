from .counter import count_request, start_request


class VisitCounterMiddleware:
    """Counts visits for the "Thống kê truy cập" widget (what counts: docs/visit-counter.md).

    It sits right after WhiteNoise, outside every other middleware, so it sees the final
    response of every page, including one answered from Django's cache further in, and it
    counts after the response exists: the widget on a page shows the counts from before that
    page's own view. Static files never reach it (WhiteNoise answers them first).

    Staff are not counted. AuthenticationMiddleware runs inside this one, so `request.user`
    does not exist yet on the way in; it does on the way out, because the request object is
    shared, so the check runs after get_response (stats.eligibility.is_staff_request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start_request(request)
        response = self.get_response(request)
        # Imprecision tolerated: the count happens once the response is built, before its
        # body is sent, so a client that drops the connection then is still counted. The
        # request only queues the hit; the worker sends its hits once a second (stats.buffer).
        count_request(request, response)
        return response
