from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from website import page_cache

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.invalidate, dispatch_uid=f"page-cache-{signal!r}")
        post_save.connect(page_cache.invalidate_on_content_change, dispatch_uid="page-cache-save")
        post_delete.connect(
            page_cache.invalidate_on_content_change, dispatch_uid="page-cache-delete"
        )
