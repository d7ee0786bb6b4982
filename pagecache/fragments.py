"""The shared parts of every public page, rendered once and reused.

The header, the footer and the sidebar's blocks are the same on every page of a site, yet they
were rendered on every page that was not in the whole-page cache. The templates wrap them in
Django's own `{% cache %}` tag, in the per-worker "fragments" cache, varied on `shell_key`:

- the site's content version (every write to its content moves it: menu, identity, documents…),
- the network map's version (a member site added or archived, a parent renamed),
- the scheme and host the page was asked for (links to other sites carry them),

plus what a fragment itself depends on (the page's language, the menu entry it marks current).
A fragment can therefore not outlive an edit: the next page after the edit asks for a key that
was never filled. What time alone changes (a document whose publication time comes) is bounded
by FRAGMENT_CACHE_SECONDS, as whole pages are by PAGE_CACHE_SECONDS. Never cached there: the
visit counter's numbers and the banners, which change without an edit.

The news cards (news/includes/article_card.html) are fragments too, keyed on the article and on
every parameter the including page passes: the home page, the lists, the categories and an
article's "related" block render each card once per version, and a card seen on one page is
reused by the next page showing it. Which cards a page shows is still decided on every render
(publication times are not in any card). A photo whose renditions the background job has just
stored shows them in its card within FRAGMENT_CACHE_SECONDS; until then the card shows the
original, sized, as before the job ran.

The document list's rows are fragments keyed on the document, its status on the day shown (a
row crosses midnight into "in force" exactly) and the committee named beside it; its filter form
is one keyed on the query string as sent, so each request's values and errors are its own.
The committee's member cards (organisation and unit pages) are keyed on the appointment, and
the organisation page's whole body (chart and member lists) is one fragment keyed on the day:
who holds a post changes by edits and by dates, never by the hour. Its key thus holds all it
depends on, so it lives DAY_FRAGMENT_SECONDS (`day_seconds`), past the page cache's entries,
and the page's next render reuses it. Its view hands the template the units and members as a
lazy object, so a render from the fragment runs no query at all.
"""

from network.api import host_map, request_host

from .cache import content_version

# A fragment keyed on the content version and the local day changes with nothing else: it may
# outlive FRAGMENT_CACHE_SECONDS. An hour bounds what a site's old versions hold in a worker.
DAY_FRAGMENT_SECONDS = 3600


def shell_key(request) -> str:
    """The key part of every shared fragment; empty when the versions cannot be read (the shared
    cache is down), and then nothing is cached (see `shell_seconds`)."""
    try:
        version = content_version()
    except Exception:
        return ""
    return f"{version}|{host_map().version}|{request.scheme}://{request_host(request).lower()}"
