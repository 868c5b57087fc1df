"""Background tasks of continuous improvement (Django tasks)."""

from django_tasks import task

from service_requests.reports import services


@task()
def send_impact_follow_ups():
    """Send the impact follow-ups that are due; idempotent, so it may run daily or hourly."""
    return services.send_due_follow_ups()
