"""Admin form of the policy page: elements and services of the page's language only (services
labelled with their provider), and relations checked as a whole (no relation to the page itself,
no duplicate)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


def _service_label(service):
    provider = service.provider.title if service.provider_id else ""
    return f"{provider} — {service.title}" if provider else service.title


class PolicyPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if "elements" in self.fields and locale_id:
            self.fields["elements"].queryset = self.fields["elements"].queryset.filter(
                locale_id=locale_id
            )
        if "related_services" in self.fields and locale_id:
            field = self.fields["related_services"]
            field.queryset = (
                field.queryset.filter(locale_id=locale_id)
                .select_related("provider")
                .order_by("provider__title", "title")
            )
            field.label_from_instance = _service_label

    def clean(self):
        cleaned_data = super().clean()
        relations = self.formsets.get("relations")
        # The relation forms are cleaned after the page form; clean them now to compare them.
        if relations is None or not relations.is_valid():
            return cleaned_data
        seen = set()
        for form in relations.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            target = form.cleaned_data.get("to_policy")
            relation_type = form.cleaned_data.get("relation_type")
            if target is None or not relation_type:
                continue
            if self.instance.pk and target.translation_key == self.instance.translation_key:
                form.add_error("to_policy", _("A policy cannot be related to itself."))
            key = (relation_type, target.pk)
            if key in seen:
                form.add_error("to_policy", _("This relation is listed twice."))
            seen.add(key)
        return cleaned_data
