"""What a question's save or delete changes elsewhere.

- The whole-page cache: public pages show published Q&A only, so a write bumps the site's
  content version only when the question is, or was until this write, published (or a topic
  changed). A citizen's new question never invalidates the cached pages of the site.
- Contact details: the purger registered with civic blanks name, e-mail and phone of
  questions closed before the retention cut-off (manage.py purge_citizen_contacts).
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from civic.privacy import register_purger
from pagecache.api import bump_content_version, now_and_on_commit

from .models import Question, Topic


@receiver(post_init, sender=Question)
def _remember_publication(sender, instance, **kwargs):
    # Read without loading: a list's deferred fields are not fetched (rows not saved there).
    values = instance.__dict__
    instance._was_public = (
        bool(values.get("is_published")) and values.get("status") == Question.Status.ANSWERED
    )


def _bump(site_id, using):
    now_and_on_commit(lambda: bump_content_version({site_id}), using)


@receiver(post_save, sender=Question)
def _question_saved(sender, instance, using=None, raw=False, **kwargs):
    public = instance.is_published and instance.status == Question.Status.ANSWERED
    if public or getattr(instance, "_was_public", False):
        _bump(instance.site_id, using)
    instance._was_public = public


@receiver(post_delete, sender=Question)
def _question_deleted(sender, instance, using=None, **kwargs):
    if getattr(instance, "_was_public", False):
        _bump(instance.site_id, using)


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def _topic_changed(sender, instance, using=None, **kwargs):
    _bump(instance.site_id, using)


@register_purger("questions")
def purge_question_contacts(closed_before) -> int:
    """Blank the asker's name, e-mail and phone on questions closed before `closed_before`;
    the question, its answer and its publication stay."""
    return Question.objects.filter(closed_at__lt=closed_before, contact_purged_at__isnull=True).update(
        asker_name="", email="", phone="", contact_purged_at=timezone.now()
    )
