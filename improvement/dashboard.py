"""The service-quality monitoring panel (自我评价和监测) of the admin dashboard: this month's key
figures against the targets in site settings, each red/amber/green, with the change against
last month, and the overdue bad-rating callbacks."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from improvement import periods
from improvement.choices import Rating
from improvement.figures import monitoring_figures, open_callback_counts
from improvement.models import QualityTargets
from service_requests.permissions import is_request_staff


@dataclass
class Indicator:
    label: str
    value: float | None
    previous: float | None
    target: float
    higher_is_better: bool
    unit: str

    def rating(self, margin):
        if self.value is None:
            return None
        target = float(self.target)
        gap = (target - self.value) if self.higher_is_better else (self.value - target)
        if gap <= 0:
            return Rating.GREEN
        allowed = abs(target) * margin / 100 if target else margin / 100
        return Rating.AMBER if gap <= allowed else Rating.RED

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def improved(self):
        change = self.change
        if not change:
            return None
        return change > 0 if self.higher_is_better else change < 0


def indicators(user, today=None, site=None):
    today = today or timezone.localdate()
    current = periods.month(today.year, today.month)
    now_figures = monitoring_figures(user, current, today)
    before = monitoring_figures(user, periods.previous(current), today)
    site = site or Site.objects.filter(is_default_site=True).first()
    targets = QualityTargets.for_site(site) if site else QualityTargets()

    def sla(figures):
        return None if figures["sla"] is None else figures["sla"] * 100

    rows = [
        Indicator(
            _("First response SLA hit rate"),
            sla(now_figures),
            sla(before),
            float(targets.first_response_sla_target),
            True,
            "%",
        ),
        Indicator(
            _("Satisfaction average (1–5)"),
            now_figures["satisfaction"],
            before["satisfaction"],
            float(targets.satisfaction_target),
            True,
            "",
        ),
        Indicator(
            _("First response median (working days)"),
            now_figures["first_response_median"],
            before["first_response_median"],
            float(targets.first_response_median_target),
            False,
            "",
        ),
    ]
    return current, targets, [(row, row.rating(targets.amber_margin)) for row in rows]


class QualityMonitoringPanel(Component):
    name = "quality_monitoring"
    order = 40
    template_name = "improvement/monitoring_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        today = timezone.localdate()
        period, targets, rows = indicators(user, today)
        callbacks = open_callback_counts(user, today)
        return {
            "period": period,
            "rows": rows,
            "overdue_callbacks": callbacks["overdue"],
            "open_callbacks": callbacks["open"],
        }


def add_monitoring_panel(request, panels):
    if is_request_staff(request.user):
        panels.append(QualityMonitoringPanel(request))
