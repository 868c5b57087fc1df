"""The reports page of the admin (/admin/reports/) and its CSV and XLSX downloads."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from improvement import charts, effectiveness, exports
from improvement.figures import build_report, filtered_statistics
from improvement.forms import ReportFilterForm
from improvement.models import EffectivenessAssessment
from improvement.provider_figures import provider_figures
from improvement.tables import report_tables
from service_requests.permissions import is_coordinator, is_request_staff, user_inboxes


class ReportMixin:
    """Staff of an inbox and coordinators only; everybody else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_report(self):
        user = self.request.user
        form = ReportFilterForm(self.request.GET or None, inboxes=user_inboxes(user))
        report = build_report(user, form.get_period(), form.get_filters())
        rows = filtered_statistics(user, form.get_filters())
        report.provider_responses = provider_figures(rows, report.period)
        return form, report

    def export_title(self, report):
        return _("Service request report %(period)s") % {"period": report.period.label}


class ReportView(ReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "improvement/index.html"
    page_title = pgettext_lazy("admin menu", "Reports")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, report = self.get_report()
        tables = report_tables(report)
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        context.update(
            form=form,
            report=report,
            summary=tables[0],
            sections=[
                (table, charts.bar_chart(table.bars) if table.chart else None)
                for table in tables[1:]
            ],
            is_coordinator=is_coordinator(self.request.user),
            csv_url=reverse("service_request_reports:csv") + suffix,
            xlsx_url=reverse("service_request_reports:xlsx") + suffix,
            assessments=EffectivenessAssessment.objects.all()[:10],
        )
        return context


class ReportExportView(ReportMixin, TemplateView):
    format = "csv"

    def get(self, request, *args, **kwargs):
        form, report = self.get_report()
        title = self.export_title(report)
        tables = report_tables(report)
        filename = f"qi-report-{report.period.slug}.{self.format}"
        if self.format == "xlsx":
            response = HttpResponse(
                exports.to_xlsx(title, tables), content_type=exports.XLSX_CONTENT_TYPE
            )
        else:
            response = HttpResponse(
                exports.to_csv(title, tables), content_type=exports.CSV_CONTENT_TYPE
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AssessmentExportView(ReportMixin, TemplateView):
    """One XLSX file: the effectiveness figures of the assessment's period, its findings and its
    improvement actions."""

    def get(self, request, pk):
        assessment = get_object_or_404(EffectivenessAssessment, pk=pk)
        response = HttpResponse(
            effectiveness.assessment_xlsx(request.user, assessment),
            content_type=exports.XLSX_CONTENT_TYPE,
        )
        filename = f"qi-assessment-{assessment.pk}-{assessment.period_start:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
