"""Admin viewsets of continuous improvement."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from improvement.models import EffectivenessAssessment


class EffectivenessAssessmentViewSet(SnippetViewSet):
    """Assessments are edited as snippets: revisions keep every earlier version of the text."""

    model = EffectivenessAssessment
    icon = "doc-full"
    menu_label = _("Effectiveness assessments")
    list_display = ["title", "period_start", "period_end", "updated_at"]
    ordering = ["-period_end", "-pk"]
