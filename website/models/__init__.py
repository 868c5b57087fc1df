"""Site-wide CMS models, by concern: the user, image and document models (``media``), the
abstract base page, the home page and generic content pages (``pages``), news (``news``), the
site settings (``settings``) and hand-set working days (``workdays``)."""

from website.models.media import CustomDocument, CustomImage, CustomRendition, User
from website.models.news import NewsCategory, NewsIndexPage, NewsPage
from website.models.pages import BasePage, HomePage, StandardPage
from website.models.settings import SiteSettings
from website.models.workdays import WorkingDayOverride

__all__ = [
    "BasePage",
    "CustomDocument",
    "CustomImage",
    "CustomRendition",
    "HomePage",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "SiteSettings",
    "StandardPage",
    "User",
    "WorkingDayOverride",
]
