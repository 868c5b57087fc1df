"""The satisfaction survey (满意度评价) of a resolved request."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from service_requests.models.questionnaire import Questionnaire
from service_requests.models.requests import ServiceRequest


class SatisfactionSurvey(Questionnaire):
    """The one-time satisfaction survey of a resolved request and its answer (持续改进)."""

    request = models.OneToOneField(
        ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="survey"
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__range=(1, 5)),
                name="survey_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.request} · {self.score or '–'}"

    def get_url(self, absolute=True):
        page = self.request.get_request_page()
        if page is None:
            return ""
        base = page.get_full_url() if absolute else page.get_url()
        path = page.reverse_subpage("survey", args=[self.request.reference, self.token])
        return f"{base.rstrip('/')}/{path.lstrip('/')}"

    def get_relative_url(self):
        """The survey's link on the site's own pages (the tracking page): relative, so that it
        works on whatever host the page was served from, not only the site's configured one."""
        return self.get_url(absolute=False)
