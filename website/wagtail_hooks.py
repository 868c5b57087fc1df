"""Admin registration for the site-wide app: only registration lives here."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from website.dashboard import WorkingDaySchedulePanel
from website.viewsets import WorkingDayOverrideViewSet

register_snippet(WorkingDayOverrideViewSet)


@hooks.register("construct_homepage_panels")
def add_working_day_schedule_panel(request, panels):
    panels.append(WorkingDaySchedulePanel(request.user))
