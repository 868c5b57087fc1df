"""The periodic assessment of overall effectiveness (整体服务效能评估): what the platform achieved
for enterprises over a period, put together from the requests, surveys, follow-ups and
callbacks of the period, plus the narrative and improvement actions staff wrote."""

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from improvement import exports, periods
from improvement.choices import Outcome, OutcomeAchieved
from improvement.figures import build_report, period_statistics
from improvement.models import ImpactFollowUp
from improvement.tables import Table, number, percent, report_tables


def follow_up_figures(rows):
    """Follow-ups of the requests of ``rows`` (statistics of the requests submitted in the
    period): sent, answered, what was achieved, which outcomes, and the sum of the value
    estimates."""
    follow_ups = ImpactFollowUp.objects.filter(request__in=rows.values("request"))
    totals = follow_ups.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(responded_at__isnull=False)),
        **{
            f"achieved_{value}": Count("pk", filter=Q(achieved=value))
            for value in OutcomeAchieved.values
        },
    )
    outcomes = Counter()
    value_total = 0
    for chosen, value in follow_ups.filter(responded_at__isnull=False).values_list(
        "outcomes", "value_estimate"
    ):
        outcomes.update(chosen or [])
        value_total += value or 0
    totals["outcomes"] = [(label, outcomes.get(code, 0)) for code, label in Outcome.choices]
    totals["value_total"] = value_total
    return totals


def repeat_enterprises(rows):
    """Enterprises (distinct USCC) with more than one request in the period."""
    return (
        rows.exclude(enterprise="")
        .values("enterprise")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()
        .count()
    )


def assessment_tables(user, assessment):
    period = periods.custom(assessment.period_start, assessment.period_end)
    report = build_report(user, period)
    rows = period_statistics(user, period)
    follow_ups = follow_up_figures(rows)
    sent = follow_ups["sent"]
    served = [
        (_("Enterprises served (distinct USCC)"), report.totals["enterprises"]),
        (_("Repeat enterprises (more than one request)"), repeat_enterprises(rows)),
        (_("Requests received"), report.totals["received"]),
        (_("Resolution rate"), percent(report.resolution_rate)),
        (_("Satisfaction average (1–5)"), number(report.totals["satisfaction"], 2)),
        (_("Survey response rate"), percent(report.survey_response_rate)),
        (_("Impact follow-ups sent"), sent),
        (_("Impact follow-ups answered"), follow_ups["answered"]),
        (
            _("Follow-up response rate"),
            percent(follow_ups["answered"] / sent if sent else None),
        ),
        *[
            (_("Outcome achieved: %(answer)s") % {"answer": label}, follow_ups[f"achieved_{v}"])
            for v, label in OutcomeAchieved.choices
        ],
        (
            _("Cost saved or sales gained, total (10,000 yuan)"),
            number(follow_ups["value_total"], 2),
        ),
    ]
    narrative = [(_("Title"), assessment.title), (_("Findings"), assessment.findings)]
    actions = [
        (
            action.description,
            action.owner,
            f"{action.due:%Y-%m-%d}",
            str(action.get_status_display()),
            f"{action.done_at:%Y-%m-%d}" if action.done_at else "",
            "、".join(callback.request.reference for callback in action.callbacks.all()),
        )
        for action in assessment.actions.prefetch_related("callbacks__request")
    ]
    by_table = {table.key: table for table in report_tables(report)}
    return report, [
        Table("effectiveness", _("Overall effectiveness"), [_("Figure"), _("Value")], served),
        Table("narrative", _("Findings"), [_("Item"), _("Text")], narrative),
        Table(
            "actions",
            _("Improvement actions"),
            [
                _("Action"),
                _("Owner"),
                _("Due"),
                _("Status"),
                _("Done on"),
                _("Callbacks that led to it"),
            ],
            actions,
        ),
        Table(
            "outcomes",
            _("Outcomes reported in follow-ups"),
            [_("Outcome"), pgettext("outcome count", "Answers")],
            follow_ups["outcomes"],
            True,
        ),
        by_table["summary"],
        by_table["element"],
        by_table["city"],
        by_table["scores"],
    ]


def assessment_xlsx(user, assessment):
    report, tables = assessment_tables(user, assessment)
    title = _("Effectiveness assessment %(title)s (%(period)s)") % {
        "title": assessment.title,
        "period": report.period.label,
    }
    return exports.to_xlsx(title, tables)
