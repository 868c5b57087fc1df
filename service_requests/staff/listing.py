"""The triage listing of the staff side (DESIGN.md §6): filters, search, spreadsheet exports and
bulk changes.

Every view starts from ``permissions.visible_requests(user)``; exports of personal data are
written to the access log (``access_log``)."""

from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.coreutils import multigetattr

from directory.models import Element
from service_requests import access_log, casework, services, sla
from service_requests.choices import RequestState
from service_requests.models import ServiceRequest
from service_requests.permissions import visible_requests
from service_requests.staff import counting
from service_requests.staff import forms as admin_forms
from service_requests.staff.access import RequestStaffMixin, staff_of_user_inboxes
from service_requests.staff.filters import ServiceRequestFilterSet

LIST_SIZE = 50


class SelectColumn(BaseColumn):
    """A checkbox per row for the bulk form (which sits outside the refreshed results)."""

    cell_template_name = "service_requests/admin/select_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["instance"] = instance
        return context


class DueColumn(Column):
    """The due date that matters now, flagged when passed."""

    cell_template_name = "service_requests/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = sla.is_overdue(instance, parent_context.get("today"))
        context["due"] = sla.due_date(instance)
        context["paused_since"] = instance.paused_since
        return context


class RequestTable(Table):
    def get_row_classname(self, instance):
        return "sr-overdue" if sla.is_overdue(instance) else ""


def _elements_text(service_request):
    return "、".join(str(element) for element in service_request.elements.all())


def _duplicate_text(service_request):
    return _("Likely duplicate") if service_request.likely_duplicate else ""


class RequestIndexView(RequestStaffMixin, IndexView):
    model = ServiceRequest
    permission_policy = None
    any_permission_required = None
    filterset_class = ServiceRequestFilterSet
    table_class = RequestTable
    index_url_name = "service_requests_admin:index"
    index_results_url_name = "service_requests_admin:index_results"
    template_name = "service_requests/admin/index.html"
    page_title = gettext_lazy("Service requests")
    header_icon = "tasks"
    paginate_by = LIST_SIZE
    default_ordering = "-submitted_at"
    search_fields = ["reference", "enterprise_name", "uscc", "description"]
    search_backend_name = None
    export_filename = "service-requests"
    list_export = [
        "reference",
        "get_state_display",
        "enterprise_name",
        "uscc",
        "get_scale_display",
        "get_city_display",
        "elements",
        "lead_inbox",
        "assigned_to",
        "get_priority_display",
        "contact_name",
        "contact_phone",
        "contact_email",
        "submitted_at",
        "first_response_due",
        "resolution_due",
        "first_response_at",
        "resolved_at",
        "closed_at",
    ]

    @cached_property
    def export_headings(self):
        opts = ServiceRequest._meta
        headings = {}
        for field in self.list_export:
            name = field.removeprefix("get_").removesuffix("_display")
            headings[field] = str(opts.get_field(name).verbose_name)
        return headings

    @cached_property
    def columns(self):
        return [
            SelectColumn("select", label=_("Select")),
            TitleColumn(
                "reference",
                label=_("Reference"),
                classname="sr-reference",
                sort_key="reference",
                get_url=lambda sr: reverse("service_requests_admin:detail", args=[sr.pk]),
            ),
            Column("enterprise_name", label=_("Enterprise"), sort_key="enterprise_name"),
            Column("state", label=_("Status"), accessor="get_state_display", sort_key="state"),
            Column("likely_duplicate", label=_("Duplicate?"), accessor=_duplicate_text),
            Column("elements", label=_("Elements"), accessor=_elements_text),
            Column("lead_inbox", label=_("Lead inbox")),
            Column("assigned_to", label=_("Assigned to")),
            Column("city", label=_("City"), accessor="get_city_display", sort_key="city"),
            Column(
                "priority",
                label=_("Priority"),
                accessor="get_priority_display",
                sort_key="priority",
            ),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
            DueColumn("due", label=_("Due"), sort_key="resolution_due"),
        ]

    def get_base_queryset(self):

        return (
            visible_requests(self.request.user)
            .annotate(likely_duplicate=services.has_likely_duplicate())
            .select_related("lead_inbox", "assigned_to")
            .prefetch_related(
                Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code"))
            )
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(reference__icontains=query)
            | Q(uscc__istartswith=query)
            | Q(enterprise_name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(description__icontains=query)
        )

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field == "elements":
                row[field] = _elements_text(item)
            elif field in ("lead_inbox", "assigned_to"):
                row[field] = str(getattr(item, field) or "")
            else:
                row[field] = multigetattr(item, field)
        return row

    def as_spreadsheet(self, queryset, spreadsheet_format):
        access_log.log_export(queryset, self.request.user, spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def get_paginator(self, queryset, per_page, *args, **kwargs):
        """Counts only as far as the requested page needs (``counting``)."""
        try:
            page = max(1, int(self.request.GET.get(self.page_kwarg, 1)))
        except ValueError:
            page = 1
        limit = max(counting.COUNT_LIMIT, (page + 1) * per_page)
        return counting.BoundedPaginator(queryset, per_page, *args, limit=limit, **kwargs)

    def state_counts(self):
        """Requests per state and overdue among those the user may see, each counted up to
        ``counting.COUNT_LIMIT`` (one short query per state, whatever the size of the table)."""
        visible = visible_requests(self.request.user)
        return [
            {
                "state": state.value,
                "label": state.label,
                "count": counting.bounded_count(visible.filter(state=state.value)),
            }
            for state in RequestState
        ], counting.bounded_count(visible.filter(sla.overdue_q()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        if not self.results_only and not self.is_export:
            context["state_counts"], context["overdue_count"] = self.state_counts()
            context["bulk_form"] = admin_forms.BulkForm(
                requests=ServiceRequest.objects.none(),
                staff=staff_of_user_inboxes(self.request.user),
            )
            context["bulk_url"] = reverse("service_requests_admin:bulk")
            context["bulk_states"] = RequestState.choices
        return context


class BulkView(RequestStaffMixin, View):
    """Assign and/or move the ticked requests; each change goes through the same checks as on
    the request view (assignee in the request's inboxes, legal transition, required note)."""

    def post(self, request):
        index_url = reverse("service_requests_admin:index")
        next_url = request.POST.get("next") or index_url
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = index_url
        form = admin_forms.BulkForm(
            request.POST,
            requests=visible_requests(request.user),
            staff=staff_of_user_inboxes(request.user),
        )
        if not form.is_valid():
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            messages.error(request, " ".join(errors))
            return HttpResponseRedirect(next_url)
        assignee = form.cleaned_data["assigned_to"]
        to_state = form.cleaned_data["to_state"]
        note = form.cleaned_data["note"]
        done, skipped, conflicts = 0, [], []
        for service_request in form.cleaned_data["ids"]:
            # Optimistic locking per row: only over the version the listing showed.
            with transaction.atomic():
                try:
                    casework.claim_version(
                        service_request, request.POST.get(f"version-{service_request.pk}")
                    )
                    if to_state:
                        services.transition(
                            service_request, to_state, actor=request.user, note=note
                        )
                    if assignee is not None:
                        casework.assign(service_request, assignee, actor=request.user)
                except casework.VersionConflict:
                    conflicts.append(service_request.reference)
                    continue
                except (services.TransitionError, casework.CaseworkError):
                    transaction.set_rollback(True)
                    skipped.append(service_request.reference)
                    continue
            done += 1
        if done:
            messages.success(request, _("%(count)s request(s) changed.") % {"count": done})
        if conflicts:
            messages.warning(
                request,
                _(
                    "Not changed, because someone changed them after this list was shown: "
                    "%(refs)s. Check them and try again."
                )
                % {"refs": ", ".join(conflicts)},
            )
        if skipped:
            messages.warning(
                request,
                _("Not changed (not allowed for their status or inboxes): %(refs)s")
                % {"refs": ", ".join(skipped)},
            )
        return HttpResponseRedirect(next_url)
