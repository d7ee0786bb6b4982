from django.shortcuts import get_object_or_404, render

from .models import Page


def page_detail(request, slug: str):
    page = get_object_or_404(Page.objects.published(), language=Page.Language.VI, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


def english_page(request, slug: str):
    page = get_object_or_404(Page.objects.published(), language=Page.Language.EN, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page, "lang": "en"})
