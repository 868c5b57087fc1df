"""Filters of the triage listing. Choices of inboxes and assignees are limited to what the user
may see, so the filter form reveals nothing about other inboxes."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from directory.models import Element
from service_requests import sla
from service_requests.choices import OPEN_STATES, IntakeChannel, Priority, RequestState
from service_requests.models import EngagementStatus, Inbox, ProviderEngagement, ServiceRequest
from service_requests.permissions import user_inboxes
from website.choices import City


def _inboxes(request):
    return user_inboxes(request.user) if request else Inbox.objects.none()


def _assignees(request):
    if request is None:
        return get_user_model().objects.none()
    groups = user_inboxes(request.user).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .order_by("username")
    )


def _elements(request):
    return Element.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "sort_order", "code"
    )


class TickFilter(django_filters.BooleanFilter):
    """A checkbox that narrows the listing when ticked; unticked it is no filter at all (a plain
    boolean field, so an unticked box is not an active "False" filter)."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)


class TickFilterAdapter(BaseFilterAdapter):
    """A ticked box is shown among the active filters as "Overdue: Yes", in the admin's language."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            _("Yes"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(TickFilter, TickFilterAdapter)


class ServiceRequestFilterSet(WagtailFilterSet):
    # No DISTINCT: the state is a column of the request, so no row can come twice (DISTINCT
    # over every column of the page and of its count cost more than the filter itself).
    state = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=RequestState.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    open = TickFilter(label=_("Open requests only"), method="filter_open")
    mine = TickFilter(label=_("Assigned to me"), method="filter_mine")
    overdue = TickFilter(label=_("Overdue"), method="filter_overdue")
    inbox = django_filters.ModelChoiceFilter(
        label=_("Inbox"), queryset=_inboxes, field_name="inboxes"
    )
    element = django_filters.ModelChoiceFilter(
        label=_("Element"), queryset=_elements, field_name="elements"
    )
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"), queryset=_assignees, field_name="assigned_to"
    )
    city = django_filters.ChoiceFilter(label=_("City"), choices=City.choices)
    engagement = django_filters.ChoiceFilter(
        label=_("Provider engagement"),
        choices=EngagementStatus.choices,
        method="filter_engagement",
    )
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    intake_channel = django_filters.ChoiceFilter(
        label=_("Intake channel"), choices=IntakeChannel.choices
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ServiceRequest
        fields = []

    def filter_open(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES) if value else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset

    def filter_engagement(self, queryset, name, value):
        """Requests with an engagement in that status (one subquery, no duplicates)."""
        if not value:
            return queryset
        engaged = ProviderEngagement.objects.filter(request=OuterRef("pk"), status=value)
        return queryset.filter(Exists(engaged))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(sla.overdue_q()) if value else queryset
