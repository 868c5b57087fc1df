"""Relations between policies: interprets, replaces, amends."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from policies.choices import RelationType


class PolicyRelation(Orderable):
    """“This policy interprets / replaces / amends that one”. Held by the newer document (the
    interpretation, the replacement, the amendment) and shown on both sides."""

    from_policy = ParentalKey(
        "policies.PolicyPage", on_delete=models.CASCADE, related_name="relations"
    )
    relation_type = models.CharField(_("relation"), max_length=12, choices=RelationType.choices)
    to_policy = models.ForeignKey(
        "policies.PolicyPage",
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )

    panels = [FieldPanel("relation_type"), FieldPanel("to_policy")]

    class Meta(Orderable.Meta):
        verbose_name = _("policy relation")
        verbose_name_plural = _("policy relations")

    def __str__(self):
        return f"{self.from_policy} {self.get_relation_type_display()} {self.to_policy}"
