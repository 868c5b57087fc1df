"""The 质量诊断 panel of the admin dashboard: how many helpers were started, completed and
turned into requests, in the last 30 days and in all, with the rates between the stages."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from diagnosis.models import DiagnosisSession

RECENT_DAYS = 30
STAGES = (
    ("started", _("Helpers started"), Q()),
    ("completed", _("Completed (recommendations shown)"), Q(completed_at__isnull=False)),
    ("request_started", _("Request form opened"), Q(request_started_at__isnull=False)),
    ("converted", _("Turned into requests"), Q(converted_at__isnull=False)),
)


def run_figures(now=None):
    """``[(label, recent count, total count, share of the stage before in %)]`` in one query."""
    since = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    counts = {}
    for name, _label, condition in STAGES:
        counts[f"{name}_total"] = Count("pk", filter=condition)
        counts[f"{name}_recent"] = Count("pk", filter=condition & Q(started_at__gte=since))
    figures = DiagnosisSession.objects.aggregate(**counts)
    rows, before = [], None
    for name, label, _condition in STAGES:
        total = figures[f"{name}_total"]
        share = round(100 * total / before) if before else None
        rows.append((label, figures[f"{name}_recent"], total, share))
        before = total
    return rows


def can_see(user):
    return user.has_perm("diagnosis.view_diagnosissession")


class DiagnosisPanel(Component):
    name = "diagnosis_runs"
    order = 160
    template_name = "diagnosis/admin/panel.html"

    def get_context_data(self, parent_context):
        return {"rows": run_figures(), "days": RECENT_DAYS}


def add_diagnosis_panel(request, panels):
    if can_see(request.user):
        panels.append(DiagnosisPanel())
