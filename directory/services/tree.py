"""The directory's place in the page tree (its index pages in both languages) and the page
permissions of provider editors."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, Page

from directory.models import (
    DirectoryIndexPage,
    ProviderIndexPage,
    StationIndexPage,
)
from website.page_tree import ensure_home, ensure_translated_page

INDEX_PAGES = [
    # model, slug, zh fields, en fields
    (
        DirectoryIndexPage,
        "services",
        {
            "title": "服务目录",
            "intro": "按要素、城市、服务方式和收费情况查找全省技术机构提供的质量服务。",
        },
        {
            "title": "Services",
            "intro": "Find quality services from the province's technical institutions by element, "
            "city, channel and fees.",
        },
    ),
    (
        ProviderIndexPage,
        "providers",
        {"title": "服务机构", "intro": "计量、检验检测、认证、标准化等技术机构及其资质。"},
        {
            "title": "Providers",
            "intro": "Metrology, testing, certification and standardisation institutions and "
            "their credentials.",
        },
    ),
    (
        StationIndexPage,
        "stations",
        {"title": "服务站点", "intro": "设在产业园区和产业集群的线下一站式服务站点。"},
        {
            "title": "Stations",
            "intro": "One-stop service points in industrial parks and clusters.",
        },
    ),
]


def ensure_index_pages():
    """The directory's three index pages under the zh-hans home page, with English translations;
    created when missing. Returns ``{model: PagePair}``."""
    from website.models import HomePage

    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is None:
        home, _site = ensure_home()
    pairs = {}
    for model, slug, zh_fields, en_fields in INDEX_PAGES:
        existing = model.objects.filter(locale_id=home.locale_id).first()
        if existing is not None:
            slug = existing.slug
        pairs[model] = ensure_translated_page(
            home, model, slug, zh_fields, en_fields, show_in_menus=True
        )
    return pairs


PROVIDER_EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_provider_editor(group, provider):
    """Give ``group`` edit rights on ``provider``'s subtree (the profile and its services), in
    every language, and nothing else. Returns the permissions created."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(admin_access)
    created = []
    pages = Page.objects.filter(translation_key=provider.translation_key)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PROVIDER_EDITOR_PERMISSIONS
    )
    for page in pages:
        for permission in permissions:
            _obj, was_created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            if was_created:
                created.append(_obj)
    return created
