"""The steps of a request's service plan (服务策划): what will be done, in which order, by which
provider. A request made from a solution starts with one step per solution step; staff adjust
the steps and engage a provider on each (服务协同)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStep(models.Model):
    request = models.ForeignKey(
        "service_requests.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="plan_steps",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    element = models.ForeignKey(
        "directory.Element",
        verbose_name=_("element"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "directory.ServicePage",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        "directory.ProviderPage",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("internal note"), blank=True)
    engagement = models.ForeignKey(
        "service_requests.ProviderEngagement",
        verbose_name=_("provider engagement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_steps",
    )

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.request} · {self.order}"
