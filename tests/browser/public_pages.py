"""Every public page type of the portal, as addresses on the demo site (axe and vnu check each)."""

from urllib.parse import quote

NOT_FOUND_PATH = "/trang-khong-ton-tai-de-kiem-tra-404/"
PROVINCE = "vinhlong.localhost"
UNKNOWN_HOST = "//khong-co.localhost/"


def public_page_paths() -> dict[str, str]:
    """{page type: path} from the demo content (needs database access)."""
    from committee.models import Person, Unit
    from demo.news import SEED_SLUG
    from demo.reports import REBUTTAL_SLUG
    from documents.models import Consultation, Document
    from news.models import Article, Category
    from reports.models import Report
    from reports.views import confirmation_url

    category = Category.objects.filter(articles__isnull=False).order_by("order", "pk").first()
    article = Article.objects.published().get(slug=SEED_SLUG)
    # A document with a PDF: its page embeds the preview frame.
    document = (
        Document.objects.published()
        .filter(attachments__isnull=False, related_articles=article)
        .order_by("pk")
        .first()
    )
    person = Person.objects.published().filter(appointments__isnull=False).order_by("pk").first()
    from questions.models import Question

    question = Question.objects.published().order_by("pk").first()
    return {
        "home": "/",
        "news list": "/tin-tuc/",
        "category": category.get_absolute_url(),
        "article": article.get_absolute_url(),
        "document list": "/van-ban/",
        "document list, filtered": "/van-ban/?loai=quy-che",
        "document detail": document.get_absolute_url(),
        # Lấy ý kiến dự thảo: the list, an open draft (with the comment form) and a closed one
        # (with its report and the link to the document it became).
        "consultation list": "/van-ban/du-thao/",
        "consultation, open": _consultation(Consultation, is_open=True),
        "consultation, closed with report": _consultation(Consultation, is_open=False),
        "committee organisation": "/ban-chi-dao/",
        "committee member": person.get_absolute_url(),
        "committee history": "/ban-chi-dao/qua-cac-thoi-ky/",
        "committee unit": Unit.objects.filter(parent__isnull=False).order_by("pk").first().get_absolute_url(),
        "questions list": "/hoi-dap/",
        "question detail": question.get_absolute_url(),
        "ask a question": "/hoi-dap/dat-cau-hoi/",
        "question status lookup": "/hoi-dap/tra-cuu/",
        "search results": "/tim-kiem/?q=" + quote("hội nghị"),
        "search, nothing found": "/tim-kiem/?q=zzqxw",
        "static page: giới thiệu": "/gioi-thieu/",
        "static page: liên hệ": "/lien-he/",
        "static page: bản đồ hành chính": "/ban-do-hanh-chinh/",
        "static page: English": "/en/about/",
        "rebuttal list": "/tin-tuc/phan-bac/",
        "rebuttal article": Article.objects.published().get(slug=REBUTTAL_SLUG).get_absolute_url(),
        "report form": "/bao-tin-xau-doc/",
        "report confirmation": confirmation_url(Report.objects.order_by("pk").first().reference),
        "visit statistics": "/thong-ke/ve-so-lieu/",
        # The rating form is on "article" and "document detail"; its answer without JavaScript:
        "rating thanks": f"/danh-gia/news.article/{article.pk}/cam-on/",
        "site map": "/so-do-cong/",
        "404": NOT_FOUND_PATH,
        # The demo platform's province: its home with "Tin từ cơ sở", its directory of member
        # committees, its network-wide document list; an unknown host's platform page.
        "province home": f"//{PROVINCE}/",
        "member directory": f"//{PROVINCE}/cac-ban-chi-dao/",
        "network document list": f"//{PROVINCE}/van-ban/?ban_chi_dao=tat-ca",
        "unknown host": UNKNOWN_HOST,
    }


def _consultation(model, is_open: bool) -> str:
    from django.utils import timezone

    now = timezone.now()
    published = model.objects.published()
    chosen = (
        published.open_at(now) if is_open else published.filter(closes_at__lte=now, report_published=True)
    )
    return chosen.order_by("pk").first().get_absolute_url()


def page_url(demo_site, path: str) -> str:
    """The address of a path of public_page_paths(): the demo committee's, or another host's
    when the path names one (//host/path)."""
    if path.startswith("//"):
        host, _, rest = path[2:].partition("/")
        return demo_site.site_url(host) + "/" + rest
    return demo_site.url + path
