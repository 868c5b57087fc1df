"""The site settings: name and contact details shown in the header and footer."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details shown in the header and footer.

    Wagtail settings are per site, not per locale, so the few texts that differ by language keep
    an English twin; ``localized`` picks the one for the active language.
    """

    platform_name = models.CharField(
        _("platform name"), max_length=120, default="质量基础设施一站式服务平台"
    )
    platform_name_en = models.CharField(
        _("platform name (English)"),
        max_length=120,
        default="Quality Infrastructure One-Stop Service Platform",
    )
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=250, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=120, blank=True)
    office_hours_en = models.CharField(_("office hours (English)"), max_length=120, blank=True)
    icp_number = models.CharField(
        _("ICP licence number"),
        max_length=60,
        blank=True,
        help_text=_("The 备案号 shown in the footer, e.g. 粤ICP备12345678号."),
    )
    icp_url = models.URLField(
        _("ICP register link"), blank=True, default="https://beian.miit.gov.cn/"
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("platform_name"), FieldPanel("platform_name_en")], heading=_("Name")
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("office_hours"),
                FieldPanel("office_hours_en"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("icp_number"), FieldPanel("icp_url")], heading=_("Footer")),
    ]

    class Meta:
        verbose_name = _("site settings")

    def localized(self, field):
        if (get_language() or "").startswith("en"):
            return getattr(self, f"{field}_en", "") or getattr(self, field)
        return getattr(self, field)

    @property
    def name(self):
        return self.localized("platform_name")

    @property
    def localized_address(self):
        return self.localized("address")

    @property
    def localized_office_hours(self):
        return self.localized("office_hours")
