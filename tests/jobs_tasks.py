"""A task for the tests of the task worker: slow steps, so that a test can kill its
worker in the middle."""

import time

from django_tasks import task

from core.jobs import job_finish, job_run, job_step


@task()
def slow_job(*, job_id: int, steps: int, seconds: float) -> None:
    with job_run(job_id):
        for done in range(1, steps + 1):
            time.sleep(seconds)
            job_step(job_id, done=done)
        job_finish(job_id, content=b"complete", file_name="done.txt")
