"""Request guards that run before anything reads the request body."""

import contextvars
from collections.abc import Callable

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, UnreadablePostError

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "current_request", default=None
)


def current_request() -> HttpRequest | None:
    """The request being served (for log lines written deep inside validation), or None."""
    return _current_request.get()


class _CompleteBody:
    """The WSGI body stream, failing instead of ending before the declared Content-Length.

    gunicorn hands a dropped connection to the application as a short body, which Django's
    multipart parser would take as a complete, shorter file. A short read here raises
    UnreadablePostError (an OSError): nothing downstream sees a truncated upload.
    """

    def __init__(self, stream, expected: int, on_short: Callable[[], None]):
        self._stream = stream
        self._expected = expected
        self._received = 0
        self._on_short = on_short

    def _check(self, data: bytes, size) -> bytes:
        self._received += len(data)
        if self._received < self._expected and (not data or size is None or size < 0):
            self._on_short()
            raise UnreadablePostError(
                f"request body ended after {self._received} of {self._expected} bytes (client gone)"
            )
        return data

    def read(self, size=-1, /) -> bytes:
        return self._check(self._stream.read(size), size)

    def readline(self, size=-1, /) -> bytes:
        return self._check(self._stream.readline(size), size)

    def __getattr__(self, name):  # close() and the rest of the stream's interface
        return getattr(self._stream, name)


def _discard_partial_uploads(request: HttpRequest) -> None:
    """Close (and so delete) the temporary file of an upload cut off mid-way."""
    for handler in request.upload_handlers:
        partial = getattr(handler, "file", None)
        if partial is not None:
            partial.close()


def guard_body(request: HttpRequest) -> None:
    if not isinstance(request, WSGIRequest):  # ASGI receives the whole body before the view
        return
    try:
        expected = int(request.headers.get("content-length") or 0)
    except ValueError:
        return
    if expected > 0:
        request._stream = _CompleteBody(request._stream, expected, lambda: _discard_partial_uploads(request))


class RequestGuardMiddleware:
    """Refuses a request whose body stopped short (a client gone mid-upload): the view sees
    UnreadablePostError, answered 400 by portal.views.server_error, and no partial file stays
    in FILE_UPLOAD_TEMP_DIR. Also remembers the current request for the security log.

    Must sit before CsrfViewMiddleware, the first reader of request.POST. Imprecision
    tolerated: a body read in fixed-size pieces is checked when the reader reaches its end.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        guard_body(request)
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
