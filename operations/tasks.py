"""The task through which every scheduled job runs (queued by ``runs.claim_and_enqueue``)."""

from django_tasks import task

from operations.execution import execute


@task()
def run_job(run_id):
    return execute(run_id)
