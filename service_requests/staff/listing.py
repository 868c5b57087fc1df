"""The triage listing of the staff side (DESIGN.md §6): filters, search, spreadsheet exports and
bulk changes.

Every view starts from ``permissions.visible_requests(user)``; exports of personal data are
written to the access log (``access_log``)."""

from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
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
# The newest requests searched for any part of a name, contact or description.
SEARCH_WINDOW = 5000


def starts_with(field, text):
    """``field`` begins with ``text``, in the form the database answers from the field's index:
    ``LIKE 'text%'`` on PostgreSQL (a ``varchar_pattern_ops`` index), a range on SQLite (whose
    ``LIKE`` ignores case and so cannot use an ordinary index)."""
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})
    return Q(**{f"{field}__startswith": text})


# The listing draws 50 rows of 12 cells: one template per cell was most of its rendering time,
# so the cells below are written in Python (the same HTML as the templates they replace).


class TextColumn(Column):
    """Wagtail's plain text cell (``wagtailadmin/tables/cell.html``) without the template."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_cell_context_data(instance, parent_context)["value"]
        value = "" if value is None else value
        if self.classname:
            return format_html('<td class="{}">{}</td>', self.classname, value)
        return format_html("<td>{}</td>", value)


class ReferenceColumn(TitleColumn):
    """Wagtail's title cell (``wagtailadmin/tables/title_cell.html``), a link to the request,
    without the template."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="{} title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            self.classname,
            self.get_link_url(instance, parent_context),
            self.get_value(instance),
        )


class SelectColumn(BaseColumn):
    """A checkbox per row for the bulk form (which sits outside the refreshed results)."""

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td><input type="checkbox" name="ids" value="{pk}" form="sr-bulk-form" '
            'aria-label="{label}"><input type="hidden" name="version-{pk}" value="{version}" '
            'form="sr-bulk-form"></td>',
            pk=instance.pk,
            version=instance.version,
            label=_("Select %(reference)s") % {"reference": instance.reference},
        )


class DueColumn(Column):
    """The due date that matters now, flagged when passed or paused."""

    def render_cell_html(self, instance, parent_context):
        due = sla.due_date(instance)
        if not due:
            return mark_safe("<td></td>")  # noqa: S308 (a constant)
        html = format_html(
            '<time datetime="{}">{}</time>', date_format(due, "Y-m-d"), date_format(due)
        )
        if sla.is_overdue(instance, parent_context.get("today")):
            html += format_html(
                ' <span class="w-status w-status--label sr-overdue-flag">{}</span>', _("Overdue")
            )
        if instance.paused_since:
            html += format_html(
                ' <span class="w-status w-status--label sr-paused-flag" title="{}">{}</span>',
                _("The resolution clock stops while the request waits for the enterprise."),
                _("Paused since %(since)s")
                % {"since": date_format(timezone.localtime(instance.paused_since))},
            )
        return format_html("<td>{}</td>", html)


def date_format(value, format_name="SHORT_DATE_FORMAT"):
    return formats.date_format(value, format_name)


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
            ReferenceColumn(
                "reference",
                label=_("Reference"),
                classname="sr-reference",
                sort_key="reference",
                get_url=lambda sr: reverse("service_requests_admin:detail", args=[sr.pk]),
            ),
            TextColumn("enterprise_name", label=_("Enterprise"), sort_key="enterprise_name"),
            TextColumn("state", label=_("Status"), accessor="get_state_display", sort_key="state"),
            TextColumn("likely_duplicate", label=_("Duplicate?"), accessor=_duplicate_text),
            TextColumn("elements", label=_("Elements"), accessor=_elements_text),
            TextColumn("lead_inbox", label=_("Lead inbox")),
            TextColumn("assigned_to", label=_("Assigned to")),
            TextColumn("city", label=_("City"), accessor="get_city_display", sort_key="city"),
            TextColumn(
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
        """Bounded search (docs/staff-guide.md "Performance"): the reference, the enterprise
        name's beginning and the exact USCC anywhere, through their indexes; any part of the
        reference, enterprise name, contact or description and the USCC's beginning among the
        ``SEARCH_WINDOW`` newest requests only (a ``LIKE '%…%'`` reads every row it looks at)."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        anywhere = [
            starts_with("reference", query.upper()),
            Q(uscc=query.upper()),
            starts_with("enterprise_name", query),
        ]
        contains = (
            Q(reference__icontains=query)
            | Q(uscc__istartswith=query)
            | Q(enterprise_name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(description__icontains=query)
        )
        # One branch per index (an OR of them reads the whole table on PostgreSQL); the window
        # as a date bound read first, so the planner knows how few rows it holds.
        requests = ServiceRequest.objects.order_by().values("pk")
        branches = [requests.filter(condition) for condition in anywhere]
        dates = ServiceRequest.objects.order_by("-submitted_at").values_list("submitted_at")
        oldest = dates[SEARCH_WINDOW - 1 : SEARCH_WINDOW]
        recent = requests.filter(submitted_at__gte=oldest[0][0]) if oldest else requests
        branches.append(recent.filter(contains))
        return queryset.filter(pk__in=branches[0].union(*branches[1:]))

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
        ``counting.COUNT_LIMIT`` (one short subquery per state, whatever the size of the table, all
        in one statement)."""
        visible = visible_requests(self.request.user)
        querysets = [visible.filter(state=state.value) for state in RequestState]
        *counts, overdue = counting.bounded_counts([*querysets, visible.filter(sla.overdue_q())])
        new = counts[list(RequestState).index(RequestState.SUBMITTED)]
        counting.remember_new_count(self.request.user, new)  # the menu badge shows it too
        return [
            {"state": state.value, "label": state.label, "count": count}
            for state, count in zip(RequestState, counts, strict=True)
        ], overdue

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
