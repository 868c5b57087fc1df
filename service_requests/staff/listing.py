"""The staff side of requests in the Wagtail admin (DESIGN.md §6): the triage listing with its
filters, exports and bulk changes, the request view with everything staff do on a case, file
downloads and the record export.

Every view starts from ``permissions.visible_requests(user)``: a request outside the user's
inboxes is a 404 whatever the URL, and users who are not request staff get a 403. Views and
exports of personal data are written to the access log (``access_log``)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, Table, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.coreutils import multigetattr

from service_requests import access_log, casework, records, services, sla
from service_requests.choices import OPEN_STATES, RequestState
from service_requests.models import Milestone, ProviderEngagement, ServiceRequest
from service_requests.permissions import is_request_staff, user_inboxes, visible_requests
from service_requests.staff import forms as admin_forms
from service_requests.staff.filters import ServiceRequestFilterSet
from service_requests.storage import private_storage

LIST_SIZE = 50


class RequestStaffMixin:
    """Only request staff (members of an inbox, or coordinators) get past this: 403 otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            # A real 403 (not Wagtail's redirect to the dashboard), so scripts and tests see it.
            return TemplateResponse(
                request,
                "service_requests/admin/forbidden.html",
                {"page_title": _("Service requests")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


def get_visible_request(user, pk):
    """The request ``pk`` if ``user`` may see it; 404 otherwise (the same answer as for a request
    that does not exist, so guessing reveals nothing)."""
    return get_object_or_404(visible_requests(user), pk=pk)


def staff_of_user_inboxes(user):
    groups = user_inboxes(user).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .order_by("username")
    )


# --- listing ------------------------------------------------------------------------------------
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
        context["due"] = due_date(instance)
        return context


def due_date(service_request):
    if service_request.state not in OPEN_STATES:
        return None
    if (
        service_request.state == RequestState.SUBMITTED
        and service_request.first_response_at is None
    ):
        return service_request.first_response_due
    return service_request.resolution_due


class RequestTable(Table):
    def get_row_classname(self, instance):
        return "sr-overdue" if sla.is_overdue(instance) else ""


def _elements_text(service_request):
    return "、".join(str(element) for element in service_request.elements.all())


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
                sort_key="reference",
                get_url=lambda sr: reverse("service_requests_admin:detail", args=[sr.pk]),
            ),
            Column("enterprise_name", label=_("Enterprise"), sort_key="enterprise_name"),
            Column("state", label=_("Status"), accessor="get_state_display", sort_key="state"),
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
        from directory.models import Element

        return (
            visible_requests(self.request.user)
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

    def state_counts(self):
        """Requests per state and overdue among those the user may see (one query)."""
        aggregates = {
            state.value: Count("pk", filter=Q(state=state.value)) for state in RequestState
        }
        aggregates["overdue"] = Count("pk", filter=sla.overdue_q())
        counts = visible_requests(self.request.user).aggregate(**aggregates)
        return [
            {"state": state.value, "label": state.label, "count": counts[state.value]}
            for state in RequestState
        ], counts["overdue"]

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
        done, skipped = 0, []
        for service_request in form.cleaned_data["ids"]:
            try:
                if to_state:
                    services.transition(service_request, to_state, actor=request.user, note=note)
                if assignee is not None:
                    casework.assign(service_request, assignee, actor=request.user)
            except (services.TransitionError, casework.CaseworkError):
                skipped.append(service_request.reference)
                continue
            done += 1
        if done:
            messages.success(request, _("%(count)s request(s) changed.") % {"count": done})
        if skipped:
            messages.warning(
                request,
                _("Not changed (not allowed for their status or inboxes): %(refs)s")
                % {"refs": ", ".join(skipped)},
            )
        return HttpResponseRedirect(next_url)


# --- one request --------------------------------------------------------------------------------
class RequestDetailView(RequestStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "service_requests/admin/detail.html"
    header_icon = "tasks"
    forms_by_action = {
        "transition": "transition_form",
        "assign": "assign_form",
        "note": "note_form",
        "involve": "involve_form",
        "plan": "plan_form",
        "milestone": "milestone_form",
        "engagement": "engagement_form",
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bound = {}

    @cached_property
    def service_request(self):
        return get_visible_request(self.request.user, self.kwargs["pk"])

    def get_page_title(self):
        return self.service_request.reference

    def get_page_subtitle(self):
        return self.service_request.enterprise_name

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("service_requests_admin:index"), "label": _("Service requests")},
            {"url": "", "label": self.service_request.reference},
        ]

    def _form(self, action, factory):
        form = self.bound.get(action) or factory(None)
        # Several forms of the page share field names (note, public, text): ids per form, so
        # every label points at its own control.
        form.auto_id = f"id_{action}-%s"
        return form

    def get_context_data(self, **kwargs):
        sr = self.service_request
        context = super().get_context_data(**kwargs)
        plan = getattr(sr, "plan", None)
        context.update(
            {
                "service_request": sr,
                "answers": records.answers(sr),
                "files": sr.files.all(),
                "events": sr.events.select_related("actor").prefetch_related("files"),
                "deliveries": sr.deliveries.all()[:20],
                "inboxes": sr.inboxes.all(),
                "plan": plan,
                "milestones": sr.milestones.all(),
                "engagements": sr.engagements.select_related("provider"),
                "overdue": sla.is_overdue(sr),
                "due": due_date(sr),
                "can_export_record": records.can_export_record(sr),
                "transition_form": self._form(
                    "transition", lambda d: admin_forms.TransitionForm(d, service_request=sr)
                ),
                "assign_form": self._form(
                    "assign",
                    lambda d: admin_forms.AssignForm(
                        d,
                        service_request=sr,
                        initial={"assigned_to": sr.assigned_to_id, "priority": sr.priority},
                    ),
                ),
                "note_form": self._form("note", admin_forms.NoteForm),
                "involve_form": self._form(
                    "involve", lambda d: admin_forms.InvolveInboxForm(d, service_request=sr)
                ),
                "plan_form": self._form(
                    "plan",
                    lambda d: admin_forms.PlanForm(
                        d,
                        initial={
                            "text": plan.text if plan else "",
                            "services": list(plan.services.all()) if plan else [],
                            "providers": list(plan.providers.all()) if plan else [],
                        },
                    ),
                ),
                "milestone_form": self._form("milestone", admin_forms.MilestoneForm),
                "engagement_form": self._form("engagement", admin_forms.EngagementForm),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_log.log_access(self.service_request, access_log.VIEW, request.user)
        return response

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        handler = getattr(self, f"do_{action}", None) if action in self.actions else None
        if handler is None:
            return HttpResponse(_("Unknown action."), status=400)
        done = handler(request.POST)
        if done:
            messages.success(request, done)
            return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(), status=400)

    actions = frozenset(
        {
            "transition",
            "assign",
            "note",
            "involve",
            "plan",
            "milestone",
            "milestone_done",
            "engagement",
        }
    )

    def do_transition(self, data):
        sr = self.service_request
        form = admin_forms.TransitionForm(data, service_request=sr)
        self.bound["transition"] = form
        if not form.is_valid():
            return None
        try:
            services.transition(
                sr,
                form.cleaned_data["to_state"],
                actor=self.request.user,
                note=form.cleaned_data["note"],
                public=form.cleaned_data["public"],
            )
        except services.TransitionError:
            form.add_error(None, _("This status change is not allowed."))
            return None
        return _("Status changed to “%(state)s”.") % {"state": sr.get_state_display()}

    def do_assign(self, data):
        sr = self.service_request
        form = admin_forms.AssignForm(data, service_request=sr)
        self.bound["assign"] = form
        if not form.is_valid():
            return None
        try:
            casework.assign(sr, form.cleaned_data["assigned_to"], actor=self.request.user)
        except casework.CaseworkError as error:
            form.add_error("assigned_to", str(error))
            return None
        casework.set_priority(sr, form.cleaned_data["priority"], actor=self.request.user)
        return _("Assignment and priority saved.")

    def do_note(self, data):
        form = admin_forms.NoteForm(data)
        self.bound["note"] = form
        if not form.is_valid():
            return None
        if form.cleaned_data["public"]:
            casework.reply(self.service_request, form.cleaned_data["text"], actor=self.request.user)
            return _("Reply sent to the enterprise.")
        casework.add_note(self.service_request, form.cleaned_data["text"], actor=self.request.user)
        return _("Internal note added.")

    def do_involve(self, data):
        form = admin_forms.InvolveInboxForm(data, service_request=self.service_request)
        self.bound["involve"] = form
        if not form.is_valid():
            return None
        inbox = form.cleaned_data["inbox"]
        casework.involve_inbox(self.service_request, inbox, actor=self.request.user)
        return _("%(inbox)s now works on this request too.") % {"inbox": inbox}

    def do_plan(self, data):
        form = admin_forms.PlanForm(data)
        self.bound["plan"] = form
        if not form.is_valid():
            return None
        casework.save_plan(self.service_request, actor=self.request.user, **form.cleaned_data)
        return _("Service plan saved.")

    def do_milestone(self, data):
        form = admin_forms.MilestoneForm(data, instance=Milestone(request=self.service_request))
        self.bound["milestone"] = form
        if not form.is_valid():
            return None
        form.save()
        return _("Milestone added.")

    def do_milestone_done(self, data):
        milestone = get_object_or_404(
            self.service_request.milestones, pk=data.get("milestone") or 0
        )
        milestone.done = not milestone.done
        milestone.save(update_fields=["done"])
        return _("Milestone updated.")

    def do_engagement(self, data):
        sr = self.service_request
        # One engagement per provider: saving an engaged provider again updates it.
        provider_id = str(data.get("provider") or "")
        existing = sr.engagements.filter(pk=None)
        if provider_id.isdigit():
            existing = sr.engagements.filter(provider_id=provider_id)
        instance = existing.first() or ProviderEngagement(request=sr)
        form = admin_forms.EngagementForm(data, instance=instance)
        self.bound["engagement"] = form
        if not form.is_valid():
            return None
        casework.record_engagement(form.save(commit=False), actor=self.request.user)
        return _("Provider engagement saved.")


class FileDownloadView(RequestStaffMixin, View):
    """A request's file, streamed from the private storage after the visibility check."""

    def get(self, request, pk, file_pk):
        service_request = get_visible_request(request.user, pk)
        request_file = get_object_or_404(service_request.files, pk=file_pk)
        try:
            handle = private_storage.open(request_file.file.name)
        except FileNotFoundError as error:
            raise Http404(_("The file is missing from the storage.")) from error
        access_log.log_access(
            service_request, access_log.DOWNLOAD, request.user, file=request_file.original_name
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=request_file.original_name,
            content_type=request_file.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class RecordExportView(RequestStaffMixin, View):
    """A finished request as one ZIP record: answers, timeline and files."""

    def get(self, request, pk):
        service_request = get_visible_request(request.user, pk)
        if not records.can_export_record(service_request):
            raise Http404(_("Only finished requests with their personal data are exported."))
        content = records.build_record(service_request)
        access_log.log_access(service_request, access_log.RECORD_EXPORT, request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{service_request.reference}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
