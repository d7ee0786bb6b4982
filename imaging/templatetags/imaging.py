import functools

from django import template
from django.core.signals import setting_changed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from imaging.pipeline import DEFAULT_WIDTH, nearest_rendition, rendition_name, rendition_widths
from imaging.stored import renditions_ready, shown_name, stored_dimensions, stored_size
from ops.objectstore import is_object_storage

register = template.Library()


def _size(fieldfile) -> tuple[int | None, int | None]:
    field, instance = fieldfile.field, fieldfile.instance
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    return width, height


@register.simple_tag
def picture(
    fieldfile, alt: str = "", sizes: str = "100vw", lazy: bool = True, css_class: str = "", max_width: int = 0
):
    """<picture> with WebP and JPEG srcsets of the stored renditions, sized to avoid layout shift.

    `max_width`: the widest rendition the `sizes` can ever ask for (a card never shown wider
    than 45vw of a phone needs no 1600 px file): wider ones are left out of the srcsets,
    which on a page of many cards is kilobytes of HTML. 0 offers them all.

    Reads the database row (width/height fields) and whether the renditions are stored (asked
    once, then cached). Until the background job has made them (or when it failed), the
    original itself is shown, with the same width, height and loading: never a broken image.
    From a bucket, an original missing there leaves the picture out.
    """
    if not fieldfile:
        return ""
    width, height = _size(fieldfile)
    storage = fieldfile.storage
    if not width or not height:
        return format_html('<img src="{}" alt="{}" class="{}">', fieldfile.url, alt, css_class)
    loading = mark_safe(' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"')
    css = format_html(' class="{}"', css_class) if css_class else ""
    if not renditions_ready(fieldfile.name, width, storage):
        if is_object_storage(storage) and stored_size(fieldfile.name, storage) is None:
            return ""
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}"{}{}>',
            fieldfile.url,
            width,
            height,
            alt,
            css,
            loading,
        )
    if getattr(storage, "querystring_auth", False):  # signed addresses expire: never kept
        webp, fallback, jpg = _sources.__wrapped__(storage, fieldfile.name, width, max_width)
    else:
        webp, fallback, jpg = _sources(storage, fieldfile.name, width, max_width)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}></picture>',
        webp,
        sizes,
        fallback,
        jpg,
        sizes,
        width,
        height,
        alt,
        css,
        loading,
    )


@functools.lru_cache(maxsize=4096)
def _sources(storage, name: str, width: int, max_width: int) -> tuple[str, str, str]:
    """The WebP srcset, the fallback <img> address and the JPEG srcset of a stored original
    whose renditions exist. Each worker keeps the most used: a stored name never changes what it
    holds, and building them (two addresses per rendition) was a fifth of a news list's render.
    Forgotten when a setting changes (the rendition widths, the media address)."""
    widths = rendition_widths(width)
    if max_width:
        widths = [w for w in widths if w <= max_width] or widths[:1]
    fallback = nearest_rendition(name, width, min(DEFAULT_WIDTH, widths[-1]))

    def srcset(ext: str) -> str:
        return format_html_join(
            ", ", "{} {}w", ((storage.url(rendition_name(name, w, ext)), w) for w in widths)
        )

    return srcset("webp"), storage.url(fallback), srcset("jpg")


setting_changed.connect(lambda **kwargs: _sources.cache_clear(), weak=False, dispatch_uid="imaging.sources")


@register.simple_tag
def image_size(fieldfile) -> tuple[int, int] | None:
    """(width, height) of an uploaded image whose model keeps no size columns (the site's
    administrative map): read from the storage once, then from the cache. None when the file
    is missing or the storage does not answer: the template then leaves the picture out.

        {% image_size site.admin_map as size %}{% if size %}<img … width="{{ size.0 }}" …>{% endif %}
    """
    if not fieldfile:
        return None
    return stored_dimensions(fieldfile.name, fieldfile.storage)


@register.simple_tag
def rendition_url(fieldfile, width: int = 1600, ext: str = "jpg") -> str:
    """URL of the rendition nearest to `width` (for og:image, feeds), or of the original while
    the renditions are being made."""
    if not fieldfile:
        return ""
    original_width, _ = _size(fieldfile)
    return fieldfile.storage.url(shown_name(fieldfile.name, original_width, width, ext, fieldfile.storage))
