"""One request in the staff side: everything staff do on a case (status, assignment, notes and
replies, inboxes, service plan, milestones, provider engagements). Viewing it is written to the
access log."""

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from service_requests import access_log, casework, consent, engagements, records, services, sla
from service_requests.models import (
    Milestone,
    RequestEvent,
    RequestFile,
    ServiceRequest,
)
from service_requests.permissions import visible_requests
from service_requests.staff import engagement_forms
from service_requests.staff import forms as admin_forms
from service_requests.staff.access import RequestStaffMixin, get_visible_request
from service_requests.staff.plan_steps import PlanStepsMixin


class RequestDetailView(PlanStepsMixin, RequestStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "service_requests/admin/detail.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bound = {}

    @cached_property
    def service_request(self):
        return get_visible_request(self.request.user, self.kwargs["pk"])

    @cached_property
    def duplicates(self):
        """Likely duplicates the user may see (none once this request was merged away)."""
        sr = self.service_request
        if sr.merged_into_id:
            return ServiceRequest.objects.none()
        return services.likely_duplicates(sr, visible_requests(self.request.user))

    @cached_property
    def staff(self):
        """Who may be assigned or mentioned: read once for the assignment form and the note."""
        return list(casework.assignable_staff(self.service_request))

    @cached_property
    def inboxes(self):
        return list(self.service_request.inboxes.all())

    @cached_property
    def engagements(self):
        """The request's provider engagements (the table and the withdrawal form)."""
        engagements = self.service_request.engagements.select_related("provider")
        return list(engagements.prefetch_related("updates"))

    @cached_property
    def merged_ids(self):
        """The ids of the requests merged into this one (no ordering: sorting them in SQL made
        SQLite walk every request by date instead of looking up the merged ones)."""
        merged = ServiceRequest.objects.filter(merged_into=self.service_request).order_by()
        return list(merged.values_list("pk", flat=True))

    @cached_property
    def merged_requests(self):
        """Requests merged into this one that the user may see (and so may take out again)."""
        visible = visible_requests(self.request.user)
        return visible.filter(pk__in=self.merged_ids).order_by("submitted_at", "pk")

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

    def form_factories(self):
        """How each form of the page is built, bound to posted ``data`` or unbound (``None``)."""
        sr = self.service_request
        plan = getattr(sr, "plan", None)
        return {
            "transition": lambda d: admin_forms.TransitionForm(d, service_request=sr),
            "assign": lambda d: admin_forms.AssignForm(
                d,
                service_request=sr,
                staff=self.staff,
                initial={"assigned_to": sr.assigned_to_id, "priority": sr.priority},
            ),
            "note": admin_forms.NoteForm,
            "canned": lambda d: admin_forms.CannedReplyForm(d, service_request=sr),
            "involve": lambda d: admin_forms.InvolveInboxForm(
                d, service_request=sr, involved=self.inboxes
            ),
            "merge": lambda d: admin_forms.MergeForm(d, duplicates=self.duplicates),
            "unmerge": lambda d: admin_forms.UnmergeForm(d, merged_requests=self.merged_requests),
            "plan": lambda d: admin_forms.PlanForm(
                d,
                choices=self.page_choices,
                initial={
                    "text": plan.text if plan else "",
                    "services": list(plan.services.all()) if plan else [],
                    "providers": list(plan.providers.all()) if plan else [],
                },
            ),
            "milestone": lambda d: admin_forms.MilestoneForm(d, instance=Milestone(request=sr)),
            "refer": lambda d: engagement_forms.ReferForm(
                d, providers=self.page_choices["provider"]
            ),
            "withdraw": lambda d: engagement_forms.WithdrawForm(
                d, service_request=sr, engagements=self.engagements
            ),
            **self.plan_form_factories(),
        }

    def _bind(self, action, data):
        form = self.bound[action] = self.form_factories()[action](data)
        return form

    def _form(self, action):
        form = self.bound.get(action) or self.form_factories()[action](None)
        # Several forms of the page share field names (note, public, text): ids per form, so
        # every label points at its own control.
        form.auto_id = f"id_{action}-%s"
        return form

    def get_context_data(self, **kwargs):
        sr = self.service_request
        context = super().get_context_data(**kwargs)
        case = [sr.pk, *self.merged_ids]
        context.update(
            {
                "service_request": sr,
                "answers": records.answers(sr),
                # One case: the timelines and files of the requests merged into this one too.
                "files": RequestFile.objects.filter(request__in=case).select_related("request"),
                "events": RequestEvent.objects.filter(request__in=case)
                .select_related("actor", "request")
                .prefetch_related("files"),
                "merged_requests": self.merged_requests,
                "duplicates": self.duplicates,
                "mentionable": [user for user in self.staff if user.pk != self.request.user.pk],
                "deliveries": sr.deliveries.all()[:20],
                "inboxes": self.inboxes,
                "plan": getattr(sr, "plan", None),
                "milestones": sr.milestones.all(),
                "engagements": self.engagements,
                "may_adjust_plan": self.may_adjust_plan(),
                "overdue": sla.is_overdue(sr),
                "due": sla.due_date(sr),
                "paused_days": sla.paused_days(sr, timezone.now()),
                "can_export_record": records.can_export_record(sr),
                **{f"{action}_form": self._form(action) for action in self.form_factories()},
                "canned_preview": getattr(self, "canned_preview", ""),
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
        if action == "canned":
            # A preview changes nothing: the page again, with the reply filled in.
            done = handler(request.POST)
            return self.render_to_response(self.get_context_data(), status=200 if done else 400)
        # Optimistic locking: the change applies only to the version of the request the form
        # was shown with; the claim also holds the row until the change commits.
        with transaction.atomic():
            try:
                casework.claim_version(self.service_request, request.POST.get("version"))
            except casework.VersionConflict as conflict:
                return self.conflict(action, request.POST, conflict)
            done = handler(request.POST)
            if not done:
                transaction.set_rollback(True)
        if done:
            messages.success(request, done)
            return HttpResponseRedirect(request.path)
        self.__dict__.pop("service_request", None)  # the version claim was rolled back
        return self.render_to_response(self.get_context_data(), status=400)

    def conflict(self, action, data, conflict):
        """Someone saved the request after this editor opened it: nothing is saved; the page
        again with the current request, their input kept and the conflict explained."""
        message = str(conflict)
        if action in self.form_factories():
            form = self._bind(action, data)
            form.is_valid()
            form.add_error(None, message)
        messages.warning(self.request, message)
        return self.render_to_response(self.get_context_data(), status=409)

    actions = frozenset(
        {
            "transition",
            "assign",
            "note",
            "canned",
            "involve",
            "merge",
            "unmerge",
            "plan",
            "milestone",
            "milestone_done",
            "refer",
            "withdraw",
            "ask_consent",
        }
    )
    actions |= PlanStepsMixin.plan_actions

    def do_transition(self, data):
        sr = self.service_request
        form = self._bind("transition", data)
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
        form = self._bind("assign", data)
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
        form = self._bind("note", data)
        if not form.is_valid():
            return None
        if form.cleaned_data["public"]:
            casework.reply(self.service_request, form.cleaned_data["text"], actor=self.request.user)
            return _("Reply sent to the enterprise.")
        casework.add_note(self.service_request, form.cleaned_data["text"], actor=self.request.user)
        return _("Internal note added.")

    def do_canned(self, data):
        sr = self.service_request
        form = self._bind("canned", data)
        if not form.is_valid():
            return None
        text = form.cleaned_data["canned"].in_language(sr.language).render(sr)
        self.canned_preview = text
        self.bound["note"] = admin_forms.NoteForm(initial={"text": text, "public": True})
        return text

    def do_merge(self, data):
        form = self._bind("merge", data)
        if not form.is_valid():
            return None
        duplicate = form.cleaned_data["duplicate"]
        try:
            services.merge(duplicate, into=self.service_request, actor=self.request.user)
        except services.MergeError as error:
            form.add_error("duplicate", str(error))
            return None
        return _("%(duplicate)s was merged into this request.") % {"duplicate": duplicate}

    def do_unmerge(self, data):
        form = self._bind("unmerge", data)
        if not form.is_valid():
            return None
        merged = form.cleaned_data["merged"]
        try:
            services.unmerge(merged, actor=self.request.user)
        except services.MergeError as error:
            form.add_error("merged", str(error))
            return None
        return _("%(merged)s is a request of its own again.") % {"merged": merged}

    def do_involve(self, data):
        form = self._bind("involve", data)
        if not form.is_valid():
            return None
        inbox = form.cleaned_data["inbox"]
        casework.involve_inbox(self.service_request, inbox, actor=self.request.user)
        return _("%(inbox)s now works on this request too.") % {"inbox": inbox}

    def do_plan(self, data):
        form = self._bind("plan", data)
        if not form.is_valid():
            return None
        casework.save_plan(self.service_request, actor=self.request.user, **form.cleaned_data)
        return _("Service plan saved.")

    def do_milestone(self, data):
        form = self._bind("milestone", data)
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

    def do_refer(self, data):
        form = self._bind("refer", data)
        if not form.is_valid():
            return None
        provider = form.cleaned_data["provider"]
        try:
            engagements.refer(
                self.service_request,
                provider,
                by=self.request.user,
                note=form.cleaned_data["note"],
                role=form.cleaned_data["role"],
            )
        except engagements.EngagementError as error:
            form.add_error("provider", str(error))
            return None
        return _("Referred to %(provider)s; its staff were notified.") % {"provider": provider}

    def do_withdraw(self, data):
        form = self._bind("withdraw", data)
        if not form.is_valid():
            return None
        engagement = form.cleaned_data["engagement"]
        try:
            engagements.withdraw(engagement, by=self.request.user, note=form.cleaned_data["note"])
        except engagements.EngagementError as error:
            form.add_error("engagement", str(error))
            return None
        return _("The referral to %(provider)s was withdrawn.") % {"provider": engagement.provider}

    def do_ask_consent(self, data):
        try:
            consent.ask_for_consent(self.service_request, by=self.request.user)
        except consent.ConsentError as error:
            messages.error(self.request, str(error))
            return None
        return _("The enterprise was asked for its consent to share.")
