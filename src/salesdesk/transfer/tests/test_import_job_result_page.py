from django.test import Client

from salesdesk.conftest import Personas
from salesdesk.core.choices import JobStatus
from salesdesk.core.models import JobRun


def test_a_finished_import_job_shows_its_counts_and_bad_rows(personas: Personas) -> None:
    # given a finished import job of the coordinator with one bad row
    run = JobRun.objects.create(
        kind="transfer.import",
        label="Import of contacts",
        requested_by=personas.coordinator,
        status=JobStatus.SUCCEEDED,
        total=3,
        done=3,
        result={
            "entity": "contacts",
            "dry_run": False,
            "total": 3,
            "created": 2,
            "updated": 0,
            "unchanged": 0,
            "failed": 1,
            "rolled_back": False,
            "errors": [{"row": 3, "field": "email", "message": "anna@ is not a valid e-mail address"}],
        },
    )
    client = Client()
    client.force_login(personas.coordinator)

    # when the coordinator opens the job page
    html = client.get(f"/jobs/{run.pk}/").content.decode()

    # then the outcome and the bad row are shown
    assert "What the import did" in html
    assert "<dt>Created</dt><dd>2</dd>" in html
    assert "<td>3</td><td>email</td><td>anna@ is not a valid e-mail address</td>" in html
