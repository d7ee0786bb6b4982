"""The two baselines: the bare view (what the portal's in-stack baseline returns, here behind
Django's default middleware only) and a plain template page of the portal's size."""

from django.http import HttpResponse
from django.shortcuts import render

from .models import Article


def bare(request):
    return HttpResponse("<!DOCTYPE html><title>ok</title><p>ok</p>", content_type="text/html; charset=utf-8")


def plain(request):
    """About 25 KB of HTML: a header, a menu, 20 articles from the ORM, a footer; no cache."""
    articles = Article.objects.order_by("-id").only("title", "slug", "summary")[:20]
    menu = [f"Chuyên mục {n}" for n in range(1, 25)]
    return render(request, "minimal/plain.html", {"articles": articles, "menu": menu})
