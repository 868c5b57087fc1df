from django.urls import path

from improvement import action_views, callback_views, views

app_name = "service_request_reports"

urlpatterns = [
    path("", views.ReportView.as_view(), name="index"),
    path("export.csv", views.ReportExportView.as_view(format="csv"), name="csv"),
    path("export.xlsx", views.ReportExportView.as_view(format="xlsx"), name="xlsx"),
    path("actions/", action_views.ActionListView.as_view(), name="actions"),
    path("callbacks/", callback_views.CallbackListView.as_view(), name="callbacks"),
    path("callbacks/<int:pk>/", callback_views.CallbackCloseView.as_view(), name="callback"),
    path(
        "assessments/<int:pk>/export.xlsx",
        views.AssessmentExportView.as_view(),
        name="assessment_xlsx",
    ),
]
