"""Filters of the triage listing. Choices of inboxes and assignees are limited to what the user
may see, so the filter form reveals nothing about other inboxes."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from service_requests import sla
from service_requests.choices import OPEN_STATES, Priority, RequestState
from service_requests.models import ServiceRequest
from service_requests.permissions import user_inboxes
from website.choices import City


def _inboxes(request):
    from service_requests.models import Inbox

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
    from directory.models import Element

    return Element.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "sort_order", "code"
    )


class ServiceRequestFilterSet(WagtailFilterSet):
    state = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=RequestState.choices, widget=forms.CheckboxSelectMultiple
    )
    open = django_filters.BooleanFilter(
        label=_("Open requests only"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), method="filter_mine", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
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
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
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

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(sla.overdue_q()) if value else queryset
