"""The role matrix as data: who may do what in the admin and the staff-only app URLs.

Derived by reading each app's admin.py and its group migrations (news 0002 and 0009,
committee 0003, documents 0003, questions 0002, notices 0002, ratings 0002, reports 0002),
not from the running code, so the test compares two independent sources.
docs/role-matrix.md is rendered from this table (tests/security/test_role_matrix.py checks
that the two agree).

Letters: v = view (changelist, read-only change form, history), a = add, c = change,
d = delete. A role absent from a row has no right on that model.
"""

ROLES = ("anonymous", "editor", "approver", "secretary", "superuser")
ROLE_LABELS = {
    "anonymous": "Khách (chưa đăng nhập)",
    "editor": "Biên tập viên",
    "approver": "Duyệt bài",
    "secretary": "Thư ký",
    "superuser": "Quản trị nền tảng (superuser)",
}

# model label → {role: letters}; comments name the line of the admin that narrows a right.
MODELS: dict[str, dict[str, str]] = {
    # User management: superuser only. Secretaries never get it.
    "auth.User": {"superuser": "vacd"},
    "auth.Group": {"superuser": "vacd"},
    # Background jobs (jobs/admin.py): read-only, and for platform administrators only (a job's
    # arguments and traceback name every site's rows and files).
    "django_tasks_database.DBTaskResult": {"superuser": "v"},
    # Committee sites, their host names, place in the network and staff: the platform
    # administrator's (a site is archived or merged, never deleted here: SiteAdmin).
    "sites.Site": {"superuser": "vac"},
    # Lockout records (django-axes): read and delete (= unlock); nobody adds them by hand.
    "axes.AccessAttempt": {"superuser": "vcd"},
    "axes.AccessLog": {"superuser": "vcd"},
    "axes.AccessFailureLog": {"superuser": "vcd"},
    # Site identity: a single row, never deleted (SiteSettingsAdmin.has_delete_permission),
    # no second one added (has_add_permission when a row exists).
    "pages.SiteSettings": {"superuser": "vc"},
    "pages.MenuItem": {"superuser": "vacd"},
    "pages.WebLink": {"superuser": "vacd"},
    "pages.Page": {"superuser": "vacd"},
    # Newsroom (news/migrations/0002_editorial_groups.py).
    "news.Category": {"editor": "v", "approver": "vac", "superuser": "vacd"},
    "news.Tag": {"editor": "va", "approver": "vacd", "superuser": "vacd"},
    # Old addresses are made by slug changes, never by hand (ArticleRedirectAdmin.has_add_permission);
    # every field is read-only, so the superuser's "change" saves nothing.
    "news.ArticleRedirect": {"approver": "vd", "superuser": "vcd"},
    # Editors: only their own articles, only before publication (ArticleAdmin.get_queryset /
    # has_change_permission); delete needs "Duyệt bài" (has_delete_permission).
    "news.Article": {"editor": "vac", "approver": "vacd", "superuser": "vacd"},
    # Committee (committee/migrations/0003_secretary_group.py).
    "committee.Person": {"secretary": "vacd", "superuser": "vacd"},
    "committee.Appointment": {"secretary": "vacd", "superuser": "vacd"},
    "committee.Unit": {"secretary": "vacd", "superuser": "vacd"},
    "committee.Role": {"secretary": "vacd", "superuser": "vacd"},
    # A kiện toàn is made by the kiện toàn page only (ReorganisationAdmin.has_add_permission).
    "committee.Reorganisation": {"secretary": "vcd", "superuser": "vcd"},
    # Documents (documents/migrations/0003_secretary_permissions.py): secretaries do not delete
    # documents (they unpublish them); lookups are theirs entirely.
    "documents.DocumentType": {"secretary": "vacd", "superuser": "vacd"},
    "documents.IssuingBody": {"secretary": "vacd", "superuser": "vacd"},
    "documents.Field": {"secretary": "vacd", "superuser": "vacd"},
    "documents.Term": {"secretary": "vacd", "superuser": "vacd"},
    "documents.Document": {"secretary": "vac", "superuser": "vacd"},
    # Hỏi đáp (questions/migrations/0002_roles.py): secretaries keep the topics; every role
    # handles questions, each within its fields and statuses (QuestionAdmin.get_readonly_fields,
    # allowed_statuses); citizens add them on the site (has_add_permission), only the platform
    # administrator deletes one (has_delete_permission).
    "questions.Topic": {"editor": "v", "approver": "v", "secretary": "vacd", "superuser": "vacd"},
    "questions.Question": {"editor": "vc", "approver": "vc", "secretary": "vc", "superuser": "vcd"},
    # Citizens' reports of hostile or false content (reports/migrations/0002_triage_groups.py):
    # triaged by "Thư ký" and "Duyệt bài"; only the public form adds one
    # (ReportAdmin.has_add_permission), and only the platform administrator deletes one.
    "reports.Report": {"approver": "vc", "secretary": "vc", "superuser": "vcd"},
    # Lấy ý kiến dự thảo (documents/migrations/0007_consultation_permissions.py): the secretary
    # runs a consultation (draft, moderation, report); a draft is unpublished, not deleted.
    # Comments come from citizens only (ConsultationCommentAdmin.has_add_permission); the
    # citizen's words are read-only, staff publish, mark and delete (spam).
    "documents.Consultation": {"secretary": "vac", "superuser": "vacd"},
    "documents.ConsultationComment": {"secretary": "vcd", "superuser": "vcd"},
    # Statistics: every staff member reads them; nobody edits them by hand (stats/admin.py).
    "stats.DailyVisits": {"editor": "v", "approver": "v", "secretary": "v", "superuser": "v"},
    "stats.CounterBaseline": {"editor": "v", "approver": "v", "secretary": "v", "superuser": "v"},
    # Banners (notices/migrations/0002_staff_groups.py): a site's approvers and secretaries.
    "notices.Notice": {"approver": "vacd", "secretary": "vacd", "superuser": "vacd"},
    # The holiday list is one for the platform: its administrator's only.
    "notices.Holiday": {"superuser": "vacd"},
    # Ratings (ratings/migrations/0002_reader_groups.py): read by approvers and secretaries;
    # nobody adds, changes or deletes one (RatingAdmin).
    "ratings.Rating": {"approver": "v", "secretary": "v", "superuser": "v"},
}

# Staff-only app URLs: (key, description, {role: expected outcome for the request made}).
# Outcomes: ok, denied (403), login (redirect to the login page), absent (404).
APP_URLS: dict[str, tuple[str, dict[str, str]]] = {
    "editor-upload": (
        "Tải ảnh lên từ CKEditor (POST, ảnh PNG)",
        {"anonymous": "denied", "editor": "ok", "approver": "ok", "secretary": "denied", "superuser": "ok"},
    ),
    "ckeditor-package-upload": (
        "Điểm tải lên gốc của django-ckeditor-5 (/ckeditor5/image_upload/): tắt với mọi người",
        dict.fromkeys(ROLES, "refused"),
    ),
    "news-preview": (
        "Xem trước bản nháp của người khác trên trang công khai (biên tập viên: chỉ bài của mình)",
        {
            "anonymous": "absent",
            "editor": "absent",
            "approver": "ok",
            "secretary": "absent",
            "superuser": "ok",
        },
    ),
    "stats-dashboard": (
        "Bảng thống kê truy cập (admin)",
        {"anonymous": "login", "editor": "ok", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "stats-csv": (
        "Xuất CSV thống kê",
        {"anonymous": "login", "editor": "ok", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "ratings-dashboard": (
        "Bảng đánh giá mức độ hài lòng (admin)",
        {"anonymous": "login", "editor": "denied", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "ratings-csv": (
        "Xuất CSV đánh giá mức độ hài lòng",
        {"anonymous": "login", "editor": "denied", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "committee-reorganise": (
        "Trang kiện toàn Ban Chỉ đạo",
        {
            "anonymous": "login",
            "editor": "denied",
            "approver": "denied",
            "secretary": "ok",
            "superuser": "ok",
        },
    ),
    "question-attachment": (
        "Tệp đính kèm của câu hỏi công dân (admin, luôn tải về)",
        {"anonymous": "login", "editor": "ok", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "report-screenshot": (
        "Ảnh chụp màn hình của một tin báo xấu độc (chỉ cán bộ xử lý của cổng đó)",
        {"anonymous": "login", "editor": "denied", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
    "admin-index": (
        "Trang chủ quản trị",
        {"anonymous": "login", "editor": "ok", "approver": "ok", "secretary": "ok", "superuser": "ok"},
    ),
}

ACTIONS = ("changelist", "add", "change", "delete", "history")


def expected_outcome(role: str, model: str, action: str, method: str) -> str:
    """What a request should get: ok / denied / login."""
    if role == "anonymous":
        return "login"
    rights = MODELS[model].get(role, "")
    if action in ("changelist", "history"):
        allowed = "v" in rights or "c" in rights
    elif action == "add":
        allowed = "a" in rights
    elif action == "change":
        allowed = ("v" in rights or "c" in rights) if method == "GET" else "c" in rights
    elif action == "delete":
        allowed = "d" in rights
    else:  # pragma: no cover
        raise ValueError(action)
    return "ok" if allowed else "denied"


def render_markdown() -> str:
    staff = ROLES
    lines = [
        "# Ma trận quyền (role matrix)",
        "",
        "Generated from `tests/security/role_table.py`; `tests/security/test_role_matrix.py` requests",
        "every admin URL (changelist, add, change, delete, history of every registered model) and the",
        "staff-only app URLs as each role, with GET and POST, and fails on any difference from this table.",
        "",
        "Letters: **x** = xem (view: list, read-only form, history), **t** = thêm (add), **s** = sửa",
        "(change), **xo** = xóa (delete). “—” = no access (HTTP 403 for staff; anonymous visitors are",
        "sent to the login page for every admin URL).",
        "",
        "| Model | " + " | ".join(ROLE_LABELS[r] for r in staff) + " |",
        "|---|" + "---|" * len(staff),
    ]
    letters = {"v": "x", "a": "t", "c": "s", "d": "xo"}
    for model, rights in MODELS.items():
        cells = []
        for role in staff:
            granted = rights.get(role, "")
            cells.append(", ".join(letters[ch] for ch in granted) or "—")
        lines.append(f"| `{model}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Narrowing rules enforced on top of the table:",
        "",
        "- Biên tập viên sees and changes only the articles they created or author, only before",
        "  publication, and may only move them between *Nháp* and *Chờ duyệt*; publishing, pinning,",
        "  unpublishing and deleting need *Duyệt bài*.",
        "- Lấy ý kiến dự thảo: Thư ký creates and publishes drafts, moderates comments (publishes them,",
        "  marks them *tiếp thu* / *giải trình*, deletes spam) and publishes the report; nobody adds a",
        "  comment in the admin (they come from citizens) and the citizen's name, contact and text are",
        "  read-only there. Notices of new comments go by e-mail to the site's Thư ký.",
        "- Thư ký never has user or group management (no `auth.*` rights), nor lockout records.",
        "- Hỏi đáp: Thư ký triages (topic, assignee, *Đang xử lý*, *Không tiếp nhận* with a reason);",
        "  Biên tập viên drafts the answer and the public wording (*Đang xử lý* only); Duyệt bài sends",
        "  the answer (*Đã trả lời*, which mails the asker) and publishes. What the citizen sent is",
        "  read-only for everyone; nobody adds questions in the admin.",
        "- Tin báo xấu độc, tin giả (`reports.Report`): Thư ký and Duyệt bài triage them (status,",
        "  assignee, internal notes, rebuttal link); what the citizen sent is read-only; nobody adds",
        "  one in the admin. Biên tập viên write the rebuttal articles (*Bài phản bác*, with their",
        "  official sources, under the article rules above) and do not see the reports.",
        "- Mass assignment is ignored: `is_superuser`, `groups`, `status` beyond the user's allowed",
        "  choices, `view_count` and `download_count` posted to a form change nothing.",
        "",
        "## Giữa các cổng (across sites)",
        "",
        "A role (Biên tập viên, Duyệt bài, Thư ký) is given per site (`network.SiteRole`) and counts",
        "on that site only: the rights above apply in the admin of the site's own host, to that",
        "site's objects. `tests/security/test_role_matrix_sites.py` requests every admin URL of an",
        "object of another site, for every per-site model above, as each role, on both hosts:",
        "",
        "| Request | Biên tập viên, Duyệt bài, Thư ký | Quản trị nền tảng (superuser) |",
        "|---|---|---|",
        "| Another site's object, on their own site's host | 403 (nothing changes) | được |",
        "| Another site's object, on that site's host, without a role there | 403 (nothing changes) | được |",
        "| Their own site's objects, on a site where they hold the role | as the table above | được |",
        "| Create, merge, archive sites; give roles | — | được |",
        "",
        "## Staff-only app URLs",
        "",
        "| URL | " + " | ".join(ROLE_LABELS[r] for r in ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    words = {
        "ok": "được",
        "denied": "403",
        "login": "→ đăng nhập",
        "absent": "404",
        "refused": "từ chối",
    }
    for description, outcomes in APP_URLS.values():
        lines.append(f"| {description} | " + " | ".join(words[outcomes[r]] for r in ROLES) + " |")
    return "\n".join(lines) + "\n"
