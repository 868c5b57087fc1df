"""Admin dashboard components of the site-wide app (Wagtail home-page panels)."""

from datetime import date

from django.template.loader import get_template
from wagtail.admin.ui.components import Component

from website.models import WorkingDayOverride
from website.workdays import schedule_status

# From this day of the year on, next year's schedule is expected (the State Council publishes it
# around November) and due dates start to cross into it.
NEXT_YEAR_WARNING_FROM = (11, 1)


class WorkingDaySchedulePanel(Component):
    """Warns coordinators when the holiday schedule of this year or the next is missing, so SLA
    dates would count statutory holidays only (no adjusted working days)."""

    name = "working_day_schedule"
    order = 50
    template_name = "website/admin/working_day_schedule_panel.html"

    def __init__(self, user):
        self.user = user

    def years_to_check(self, today=None):
        today = today or date.today()
        years = [today.year]
        if (today.month, today.day) >= NEXT_YEAR_WARNING_FROM:
            years.append(today.year + 1)
        return years

    def get_context_data(self, parent_context):
        missing = [s.year for s in schedule_status(self.years_to_check()) if s.missing]
        opts = WorkingDayOverride._meta
        can_edit = self.user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        return {"missing_years": missing, "can_edit": can_edit}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["missing_years"]:
            return ""
        return get_template(self.template_name).render(context)
