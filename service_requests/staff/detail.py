"""One request in the staff side: everything staff do on a case (status, assignment, notes and
replies, inboxes, service plan, milestones, provider engagements). Viewing it is written to the
access log."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from service_requests import access_log, casework, records, services, sla
from service_requests.models import Milestone, ProviderEngagement
from service_requests.staff import forms as admin_forms
from service_requests.staff.access import RequestStaffMixin, get_visible_request


class RequestDetailView(RequestStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "service_requests/admin/detail.html"
    header_icon = "tasks"

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
                "due": sla.due_date(sr),
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
                "canned_form": self._form(
                    "canned", lambda d: admin_forms.CannedReplyForm(d, service_request=sr)
                ),
                "canned_preview": getattr(self, "canned_preview", ""),
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
        if action == "canned":
            # A preview changes nothing: the page again, with the reply filled in.
            return self.render_to_response(self.get_context_data(), status=200 if done else 400)
        if done:
            messages.success(request, done)
            return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(), status=400)

    actions = frozenset(
        {
            "transition",
            "assign",
            "note",
            "canned",
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

    def do_canned(self, data):
        sr = self.service_request
        form = admin_forms.CannedReplyForm(data, service_request=sr)
        self.bound["canned"] = form
        if not form.is_valid():
            return None
        text = form.cleaned_data["canned"].in_language(sr.language).render(sr)
        self.canned_preview = text
        self.bound["note"] = admin_forms.NoteForm(initial={"text": text, "public": True})
        return text

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
