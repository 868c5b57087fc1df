"""The page tree every part of the site hangs on: the two locales, the home page as the default
site's root with its English translation, and pages kept in both languages.

Importers (directory, policies), the request app and the demo all build on these; each function
creates only what is missing, so calling it again changes nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Page, Site

from website.models import HomePage


@dataclass
class PagePair:
    """A page in Chinese and its English translation."""

    zh: Page
    en: Page


def get_locales():
    """The Chinese (default) and English locales, created when missing."""
    zh, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    en, _ = Locale.objects.get_or_create(language_code="en")
    return zh, en


def publish(page):
    """Publish ``page`` without an entry in the audit log (the tree is built, not edited)."""
    revision = page.save_revision(log_action=False)
    revision.publish(log_action=False)
    page.refresh_from_db()
    return page


def ensure_translated_page(parent, model, slug, zh_fields, en_fields, **common):
    """Return the page ``slug`` under ``parent`` and its English translation, creating and
    publishing both when missing. ``parent`` is the Chinese parent page."""
    _, en_locale = get_locales()
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **zh_fields, **common)
        parent.add_child(instance=page)
        publish(page)
    translation = page.get_translation_or_none(en_locale)
    if translation is None:
        translation = page.copy_for_translation(en_locale)
        for field, value in {**en_fields, **common}.items():
            setattr(translation, field, value)
        translation.slug = slug
        publish(translation)
    return PagePair(page.specific, translation.specific)


def ensure_home():
    """Replace Wagtail's welcome page with the ``HomePage`` and make it the default site's root."""
    zh_locale, en_locale = get_locales()
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=zh_locale).first()
    if home is None:
        # Wagtail's first migration leaves a "Welcome" page with the slug we want. It is
        # renamed in the database only: a save would queue search- and reference-index tasks
        # for a page deleted a moment later, which the task worker then records as failed.
        for welcome in root.get_children().exact_type(Page).filter(slug="home"):
            slug = f"welcome-{welcome.pk}"
            Page.objects.filter(pk=welcome.pk).update(slug=slug, url_path=f"{root.url_path}{slug}/")
        home = HomePage(
            title="质量基础设施一站式服务平台",
            slug="home",
            hero_title="质量服务，一站办理",
            hero_intro=(
                "计量、标准、认证认可、检验检测、质量管理、知识产权、品牌培育——"
                "一次提出需求，平台协调技术机构为企业提供全链条质量服务。"
            ),
            seo_title="广东省质量基础设施一站式服务平台",
            search_description="为广东企业提供计量、标准、认证认可、检验检测等一站式质量服务。",
        )
        root.add_child(instance=home)
        publish(home)
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if (site.hostname, site.port) == ("localhost", 80):
        # Wagtail's placeholder: point it at the address ``make run`` serves, so canonical
        # URLs, sitemaps and email links work on a fresh machine. Operators set the real host
        # in the admin.
        site.hostname, site.port = "127.0.0.1", 8000
        site.save()
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "质量基础设施一站式服务平台"
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    if home.get_translation_or_none(en_locale) is None:
        en_home = home.copy_for_translation(en_locale)
        en_home.title = "Quality Infrastructure One-Stop Service Platform"
        en_home.hero_title = "Quality services, one stop"
        en_home.hero_intro = (
            "Metrology, standards, certification, inspection and testing, quality management, "
            "intellectual property and brand building: ask once, and the platform coordinates "
            "the technical institutions that serve your enterprise."
        )
        en_home.seo_title = "Guangdong Quality Infrastructure One-Stop Service Platform"
        en_home.search_description = (
            "One-stop metrology, standards, certification and testing services for enterprises "
            "in Guangdong."
        )
        publish(en_home)
    return home, site
