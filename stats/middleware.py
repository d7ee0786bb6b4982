class VisitCounterMiddleware:
    """Placeholder until the stats app lands: passes every request through unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
