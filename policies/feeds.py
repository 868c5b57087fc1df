"""RSS 2.0 and Atom 1.0 feeds of the policy library, overall and per element, in the language of
the index page they belong to (``/policies/feed/rss/`` in Chinese, ``/en/policies/feed/rss/``
in English)."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from policies.models import PolicyPage

FEED_SIZE = 50
FEED_CLASSES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
# The language tag a feed reader understands: BCP 47, with the script subtag capitalised.
FEED_LANGUAGES = {"zh-hans": "zh-Hans"}


def _as_datetime(day):
    """Midnight in the site's time zone: policies carry dates, feeds want date-times."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def feed_items(index_page, element=None):
    queryset = (
        PolicyPage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("authority")
        .defer_streamfields()
        .order_by("-issue_date", "-pk")
    )
    if element is not None:
        through = PolicyPage.elements.through
        queryset = queryset.filter(
            pk__in=through.objects.filter(element__code=element.code).values("policypage_id")
        )
    return list(queryset[:FEED_SIZE])


def policy_feed_response(request, index_page, feed_format, element=None):
    """Render the feed of ``index_page`` (optionally one element's policies only)."""
    index_url = index_page.get_full_url(request)
    if element is not None:
        title = f"{index_page.title} — {element.name}"
        link = f"{index_url}?element={element.code}"
        description = _("New and updated policy documents on %(element)s.") % {
            "element": element.name
        }
    else:
        title = index_page.title
        link = index_url
        description = index_page.intro or _("New and updated policy documents.")
    language = index_page.locale.language_code
    feed = FEED_CLASSES[feed_format](
        title=title,
        link=link,
        description=description,
        language=FEED_LANGUAGES.get(language, language),
        feed_url=request.build_absolute_uri(request.path),
        feed_guid=request.build_absolute_uri(request.path),
    )
    for policy in feed_items(index_page, element):
        url = policy.get_full_url(request)
        heading = policy.title
        if policy.doc_number:
            heading = (
                f"{policy.title}（{policy.doc_number}）"
                if language != "en"
                else (f"{policy.title} ({policy.doc_number})")
            )
        feed.add_item(
            title=heading,
            link=url,
            description=policy.summary,
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=_as_datetime(policy.issue_date),
            updateddate=policy.last_published_at or _as_datetime(policy.issue_date),
            author_name=policy.authority.name,
            categories=[
                str(policy.get_policy_type_display()),
                str(policy.get_status_display()),
            ],
        )
    response = HttpResponse(content_type=f"{feed.content_type.split(';')[0]}; charset=utf-8")
    feed.write(response, "utf-8")
    return response
