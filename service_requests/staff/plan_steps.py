"""The steps of a request's service plan (服务策划) on the request view: the lead inbox and
coordinators add, remove, reorder and change steps (one formset) and engage a provider on a step.
Mixed into the request view, so the forms share its version check and error handling."""

from django import forms
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Element, ProviderPage, ServicePage
from service_requests import plans
from service_requests.models import PlanStep
from service_requests.permissions import is_request_staff
from service_requests.staff.forms import _default_language_pages


class PlanStepForm(forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ["order", "element", "service", "provider", "note"]
        widgets = {
            "order": forms.NumberInput(attrs={"min": 0, "class": "sr-plan-order"}),
            "note": forms.Textarea(attrs={"rows": 1}),
        }
        labels = {"order": gettext_lazy("Position")}

    CHOICES = ("element", "service", "provider")

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = Element.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("sort_order", "code")
        self.fields["service"].queryset = _default_language_pages(ServicePage)
        self.fields["provider"].queryset = _default_language_pages(ProviderPage)
        for name, listed in (choices or {}).items():
            self.fields[name].choices = listed  # read once for every step of the formset


def page_choices():
    """The element, service and provider choices of a step (each with the empty choice), read
    once: the request view shares them with its plan, referral and engagement forms."""
    fields = PlanStepForm().fields
    # iter(): list() of the choices themselves would ask their length first (a COUNT each).
    return {name: list(iter(fields[name].choices)) for name in PlanStepForm.CHOICES}


class BasePlanStepFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, service_request, choices=None, **kwargs):
        self.service_request = service_request
        kwargs.setdefault(
            "queryset",
            service_request.plan_steps.select_related(
                "element", "service", "provider", "engagement__provider"
            ),
        )
        super().__init__(*args, prefix="steps", **kwargs)
        self.initial_extra = [{"order": len(self.get_queryset()) + 1}]
        self.form_kwargs["choices"] = page_choices() if choices is None else choices

    def clean(self):
        super().clean()
        # A posted step id outside this plan (a guessed id, or a step removed meanwhile).
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(_("A step of this plan no longer exists: reload the page."))

    def add_error(self, field, error):
        """An error of the whole plan (the request view reports edit conflicts this way)."""
        self.non_form_errors().append(error)


PlanStepFormSet = forms.modelformset_factory(
    PlanStep, form=PlanStepForm, formset=BasePlanStepFormSet, extra=1, can_delete=True
)


class EngageStepForm(forms.Form):
    step = forms.ModelChoiceField(label=gettext_lazy("Step"), queryset=None)
    provider = forms.ModelChoiceField(
        label=gettext_lazy("Provider"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Leave empty to engage the provider the step suggests."),
    )
    note = forms.CharField(
        label=gettext_lazy("Referral note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, service_request, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = service_request.plan_steps.select_related(
            "element", "service", "provider"
        )
        self.fields["step"].label_from_instance = _step_label
        self.fields["provider"].queryset = _default_language_pages(ProviderPage)
        if providers is not None:
            self.fields["provider"].choices = providers  # read once for the whole page

    def clean(self):
        data = super().clean()
        step = data.get("step")
        if step is not None and data.get("provider") is None:
            if step.provider is None:
                self.add_error("provider", _("Choose the provider to engage."))
            data["provider"] = step.provider
        return data


def _step_label(step):
    parts = [str(step.order), step.element.name]
    parts += [page.title for page in (step.service, step.provider) if page]
    return " · ".join(parts)


class PlanStepsMixin:
    """Forms and actions of the plan's steps, for the request view."""

    plan_actions = frozenset({"plan_steps", "engage_step"})

    def dispatch(self, request, *args, **kwargs):
        if (
            request.method == "POST"
            and request.POST.get("action") in self.plan_actions
            and is_request_staff(request.user)
            and not self.may_adjust_plan()
        ):
            return TemplateResponse(
                request,
                "service_requests/admin/forbidden.html",
                {"page_title": _("Service requests")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def plan_form_factories(self):
        sr = self.service_request
        choices = self.page_choices
        return {
            "plan_steps": lambda d: PlanStepFormSet(d, service_request=sr, choices=choices),
            "engage_step": lambda d: EngageStepForm(
                d, service_request=sr, providers=choices["provider"]
            ),
        }

    @cached_property
    def page_choices(self):
        """Elements, services and providers to choose from, read once for every form."""
        return page_choices()

    def may_adjust_plan(self):
        return plans.can_adjust_plan(self.request.user, self.service_request)

    def do_plan_steps(self, data):
        formset = self._bind("plan_steps", data)
        if not formset.is_valid():
            return None
        for step in formset.save(commit=False):
            step.request = self.service_request
            step.save()
        for step in formset.deleted_objects:
            step.delete()
        plans.record_plan_change(self.service_request, actor=self.request.user)
        return _("Service plan updated.")

    def do_engage_step(self, data):
        form = self._bind("engage_step", data)
        if not form.is_valid():
            return None
        step, provider = form.cleaned_data["step"], form.cleaned_data["provider"]
        try:
            plans.engage_step(step, provider, by=self.request.user, note=form.cleaned_data["note"])
        except plans.PlanError as error:
            form.add_error("provider", str(error))
            return None
        return _("%(provider)s was asked to take on step %(step)s.") % {
            "provider": provider.title,
            "step": step.order,
        }
