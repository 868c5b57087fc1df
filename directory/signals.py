"""Signal handlers that keep the directory's denormalised links in step with the page tree."""

from wagtail.signals import post_page_move


def update_service_provider(sender, instance, parent_page_after=None, **kwargs):
    """A service moved under another provider now belongs to that provider."""
    from directory.models import ProviderPage, ServicePage

    if not issubclass(instance.specific_class or type(instance), ServicePage):
        return
    provider = ProviderPage.objects.filter(pk=parent_page_after.pk).first()
    ServicePage.objects.filter(pk=instance.pk).update(provider=provider)


def connect():
    post_page_move.connect(update_service_provider, dispatch_uid="directory_service_provider")
