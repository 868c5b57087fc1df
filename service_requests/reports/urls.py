from django.urls import path

from service_requests.reports import views

app_name = "service_request_reports"

urlpatterns = [
    path("", views.ReportView.as_view(), name="index"),
    path("export.csv", views.ReportExportView.as_view(format="csv"), name="csv"),
    path("export.xlsx", views.ReportExportView.as_view(format="xlsx"), name="xlsx"),
]
