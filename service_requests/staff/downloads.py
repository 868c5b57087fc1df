"""What staff download from a request: its files and, once finished, its record (a ZIP).
Both are written to the access log."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import View

from service_requests import access_log, records
from service_requests.staff.access import RequestStaffMixin, get_visible_request
from service_requests.storage import private_storage


class FileDownloadView(RequestStaffMixin, View):
    """A request's file, streamed from the private storage after the visibility check."""

    def get(self, request, pk, file_pk):
        service_request = get_visible_request(request.user, pk)
        request_file = get_object_or_404(service_request.files, pk=file_pk)
        return stream_file(request_file, request.user)


def stream_file(request_file, user, **log_data):
    """A request's file as a download, written to the access log."""
    try:
        handle = private_storage.open(request_file.file.name)
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from the storage.")) from error
    access_log.log_access(
        request_file.request,
        access_log.DOWNLOAD,
        user,
        file=request_file.original_name,
        **log_data,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=request_file.original_name,
        content_type=request_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class RecordExportView(RequestStaffMixin, View):
    """A finished request as one ZIP record: answers, timeline and files."""

    def get(self, request, pk):
        service_request = get_visible_request(request.user, pk)
        if not records.can_export_record(service_request):
            raise Http404(_("Only finished requests with their personal data are exported."))
        content = records.build_record(service_request)
        access_log.log_access(service_request, access_log.RECORD_EXPORT, request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{service_request.reference}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response
