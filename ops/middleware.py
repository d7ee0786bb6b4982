"""Request guards that run before anything reads the request body."""

import contextvars
from collections.abc import Callable

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.shortcuts import render

# The longest address (path and query) and header field a request may carry: what nginx's
# default large_client_header_buffers (8 KB) lets through. Longer ones get the portal's
# Vietnamese 414 or 431 page; gunicorn passes them on to Django so that they do.
MAX_URI_BYTES = 8190
MAX_HEADER_FIELD_BYTES = 8190

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


def oversized(request: HttpRequest) -> int | None:
    """414 for an address longer than MAX_URI_BYTES, 431 for a header field (name, colon,
    space, value) longer than MAX_HEADER_FIELD_BYTES, else None."""
    uri = request.META.get("PATH_INFO", "") + "?" + request.META.get("QUERY_STRING", "")
    if len(uri.encode("utf-8", "surrogateescape")) > MAX_URI_BYTES:
        return 414
    for key, value in request.META.items():
        if (
            key.startswith("HTTP_")
            and isinstance(value, str)
            and len(key) - 3 + len(value) > MAX_HEADER_FIELD_BYTES
        ):
            return 431
    return None


def refuse_oversized(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, f"{status}.html", status=status)


class RequestGuardMiddleware:
    """Refuses an address or header field too long to be a real reader's (414, 431, in
    Vietnamese), and a request whose body stopped short (a client gone mid-upload): the view sees
    UnreadablePostError, answered 400 by portal.views.server_error, and no partial file stays
    in FILE_UPLOAD_TEMP_DIR. Also remembers the current request for the security log.

    Must sit before CsrfViewMiddleware, the first reader of request.POST. Imprecision
    tolerated: a body read in fixed-size pieces is checked when the reader reaches its end.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        status = oversized(request)
        if status:
            return refuse_oversized(request, status)
        guard_body(request)
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
