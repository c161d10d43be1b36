"""An import started from the admin, run by the task worker, its progress kept on its ImportRun."""

import logging
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import ImportRun
from .wordpress import Importer, Options
from .wxr import WXRError

logger = logging.getLogger(__name__)


@task
def run_import(run_id):
    """Import the run's file; returns its final status."""
    run = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).first()
    if run is None:
        return None
    options = Options(
        dry_run=run.options.get("dry_run", False),
        fetch_media=run.options.get("fetch_media", False),
        site_url=run.options.get("site_url", ""),
        categories_as_kinds=run.options.get("categories_as_kinds", {}),
        user=get_user_model().objects.filter(pk=run.created_by_id).first(),
    )

    def progress(done, total):
        status = ImportRun.Status.IMPORTING if total else ImportRun.Status.CHECKING
        ImportRun.objects.filter(pk=run.pk).update(done=done, total=total, status=status)

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKING)
    importer = Importer(run.file_path, options, progress=progress)
    try:
        if options.dry_run:
            dry_run(importer)
        else:
            importer.run()
        run.status = ImportRun.Status.DONE
        run.total = run.done = importer.total
    except WXRError as error:
        run.status, run.error = ImportRun.Status.FAILED, str(error)
    except Exception as error:
        logger.exception("Import %s failed", run.pk)
        run.status, run.error = ImportRun.Status.FAILED, f"The import stopped: {error}"
    if run.status == ImportRun.Status.FAILED:
        run.total, run.done = importer.total, importer.done
    run.report = importer.report.as_dict()
    run.finished_at = timezone.now()
    run.save()
    Path(run.file_path).unlink(missing_ok=True)
    return run.status


class DryRunDone(Exception):
    """Raised to roll back anything a dry run might have touched."""


def dry_run(importer):
    """Run `importer` (its options say dry run) inside a transaction rolled back at the end: the
    report is made, and nothing is kept even if a step wrote something."""
    try:
        with transaction.atomic():
            importer.run()
            raise DryRunDone
    except DryRunDone:
        pass
