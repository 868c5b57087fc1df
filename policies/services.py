"""Domain logic of the policy library with no HTTP: the querysets the listing, the feeds, the
home page and the directory share, the relations read on both sides, and the index page the
import command files policies under."""

from django.db.models import Q
from wagtail.models import Locale

from policies.choices import INVERSE_LABELS, OUTGOING_LABELS, RelationType
from policies.models import PolicyIndexPage, PolicyPage, PolicyRelation
from website.page_tree import ensure_home, ensure_translated_page

# What a link to another policy needs: title, address, document number, status and date.
LINK_FIELDS = (
    "title",
    "url_path",
    "locale_id",
    "translation_key",
    "doc_number",
    "status",
    "issue_date",
)


def live_policies(locale=None):
    """Published, public policies, newest first, in ``locale`` (any language when ``None``)."""
    queryset = PolicyPage.objects.live().public()
    if locale is not None:
        queryset = queryset.filter(locale=locale)
    return queryset.order_by("-issue_date", "-pk")


def policies_for_element(element, locale=None):
    """The live policies concerning ``element`` in ``locale`` (default: the element's locale).

    Matches the element by its translation key, so a page still linked to the element in
    another language is found too.
    """
    locale = locale or element.locale
    return live_policies(locale).filter(elements__translation_key=element.translation_key)


def latest_policies(locale, count=5):
    return list(live_policies(locale).select_related("authority")[:count])


def policy_relations(page):
    """Both sides of ``page``'s relations, read across its translation group and shown in its
    language where a translation exists (else in the language that has one). Three queries."""
    group = page.translation_key
    held_here_or_by_live_translation = Q(from_policy_id=page.pk) | Q(
        from_policy__translation_key=group, from_policy__live=True
    )
    outgoing = (
        PolicyRelation.objects.filter(held_here_or_by_live_translation)
        .exclude(to_policy__translation_key=group)
        .values_list("relation_type", "to_policy_id", "to_policy__translation_key")
    )
    incoming = (
        PolicyRelation.objects.filter(to_policy__translation_key=group, from_policy__live=True)
        .exclude(from_policy__translation_key=group)
        .values_list("relation_type", "from_policy_id", "from_policy__translation_key")
    )
    outgoing, incoming = list(outgoing), list(incoming)
    keys = {key for _, _, key in outgoing + incoming}
    if not keys:
        return {"outgoing": [], "incoming": []}
    ids = {pk for _, pk, _ in outgoing + incoming}
    pages = PolicyPage.objects.live().filter(
        Q(translation_key__in=keys, locale_id=page.locale_id) | Q(pk__in=ids)
    )
    by_id, localized = {}, {}
    for other in pages.only(*LINK_FIELDS):
        by_id[other.pk] = other
        if other.locale_id == page.locale_id:
            localized[other.translation_key] = other

    def groups(rows, labels):
        found = {}
        for relation_type, pk, key in rows:
            other = localized.get(key) or by_id.get(pk)
            if other is not None:
                found.setdefault(relation_type, {})[key] = other
        return [
            {
                "type": relation_type,
                "label": labels[relation_type],
                "pages": sorted(found[relation_type].values(), key=_newest_first),
            }
            for relation_type in RelationType.values
            if relation_type in found
        ]

    return {
        "outgoing": groups(outgoing, OUTGOING_LABELS),
        "incoming": groups(incoming, INVERSE_LABELS),
    }


def related_services(page):
    """The live services linked to ``page``, each in the page's language where translated, with
    their providers. Two queries."""
    from directory.models import ServicePage

    services = list(
        page.related_services.live()
        .public()
        .select_related("provider")
        .only("title", "url_path", "locale_id", "translation_key", "summary", "provider__title")
        .order_by("path")
    )
    foreign = [s.translation_key for s in services if s.locale_id != page.locale_id]
    if foreign:
        translated = {
            service.translation_key: service
            for service in ServicePage.objects.live()
            .filter(translation_key__in=foreign, locale_id=page.locale_id)
            .select_related("provider")
            .only("title", "url_path", "locale_id", "translation_key", "summary", "provider__title")
        }
        services = [translated.get(s.translation_key, s) for s in services]
    return services


def _newest_first(page):
    return (-page.issue_date.toordinal(), page.title)


def get_policy_index(locale=None, live=False):
    """The policy index page in ``locale`` (default: the site's default language), or None;
    only a published one when ``live``."""
    queryset = PolicyIndexPage.objects.filter(
        locale=locale or Locale.get_default()
    ).defer_streamfields()
    if live:
        queryset = queryset.live()
    return queryset.order_by("path").first()


def ensure_policy_index():
    """The Chinese policy index page and its English translation, created under the home page
    when missing (and the home page too, as the directory's import does) so an import into a
    fresh site has somewhere to put the policies."""
    from website.models import HomePage

    index_page = get_policy_index()
    if index_page is None:
        home = HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
        if home is None:
            home, _site = ensure_home()
        index_page = ensure_translated_page(
            home,
            PolicyIndexPage,
            "policies",
            {"title": "政策文件", "intro": INDEX_INTRO_ZH},
            {"title": "Policies", "intro": INDEX_INTRO_EN},
            show_in_menus=True,
        ).zh
    return index_page


INDEX_INTRO_ZH = "国家、省、市关于质量基础设施的法律法规、规范性文件、标准和政策解读。"
INDEX_INTRO_EN = (
    "National, provincial and municipal laws, regulations, normative documents, standards and "
    "policy interpretations on quality infrastructure."
)
