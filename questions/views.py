"""Hỏi đáp pages: ask, the confirmation with the tracking code, the private status page, and
the published questions (list, detail).

Asking and looking up are citizen forms (civic): never cached, each with its own rate limit.
The tracking code never appears in a URL (it would reach logs and Referer headers): the
confirmation page reads it from a short-lived signed cookie set by the redirect after the
question is saved, and the status page takes it by POST.
"""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from civic.views import citizen_form_view
from ops import ratelimit
from pagecache.api import CachedCountPaginator, page_numbers

from . import codes, notify
from .forms import AskForm, LookupForm
from .models import Question

ASK = ratelimit.register_group("questions")
LOOKUP = ratelimit.register_group("question-lookup")
CODE_COOKIE = "hoi_dap_ma"
CODE_COOKIE_SALT = "questions.code"
CODE_COOKIE_SECONDS = 15 * 60


@citizen_form_view(ASK)
def ask(request):
    form = AskForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        code = codes.new_code()
        question = form.save(commit=False)
        question.code_digest = codes.digest(code)
        if form.facts is not None:
            question.attachment_name = form.facts.original_name
            question.attachment_kind = form.facts.kind
        with transaction.atomic():
            question.save()
            transaction.on_commit(lambda: notify.new_question(question, request))
        response = redirect("questions:asked")
        response.set_signed_cookie(
            CODE_COOKIE,
            code,
            salt=CODE_COOKIE_SALT,
            max_age=CODE_COOKIE_SECONDS,
            path="/hoi-dap/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )
        return response
    return render(request, "questions/ask.html", {"form": form})


@never_cache
@require_safe
def asked(request):
    """ "Đã gửi câu hỏi": the tracking code, shown for a quarter of an hour after sending."""
    code = request.get_signed_cookie(
        CODE_COOKIE, default="", salt=CODE_COOKIE_SALT, max_age=CODE_COOKIE_SECONDS
    )
    if not codes.normalise(code):
        return redirect("questions:ask")
    return render(request, "questions/asked.html", {"code": code, "lookup_form": LookupForm()})


@citizen_form_view(LOOKUP)
def status(request):
    """The private status page: by POST with the code only; a wrong code learns nothing."""
    form = LookupForm(request.POST or None)
    question = None
    not_found = False
    if request.method == "POST" and form.is_valid():
        question = Question.objects.with_code(form.cleaned_data["code"])
        not_found = question is None
    context = {"form": form, "question": question, "not_found": not_found}
    return render(request, "questions/status.html", context)


@ratelimit.lists
@require_safe
def question_list(request):
    questions = Question.objects.published().for_listing().order_by("-published_at", "-pk")
    paginator = CachedCountPaginator(questions, settings.QUESTIONS_PER_PAGE, count_key="questions:published")
    page = paginator.get_page(request.GET.get("trang"))
    context = {"page_obj": page, "questions": page.object_list, "page_range": page_numbers(page), "query": ""}
    return render(request, "questions/question_list.html", context)


@require_safe
def question_detail(request, pk: int):
    question = get_object_or_404(Question.objects.published().select_related("topic"), pk=pk)
    return render(request, "questions/question_detail.html", {"question": question})
