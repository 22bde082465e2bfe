"""Production settings pass Django's deployment checks with only the documented environment set."""

from __future__ import annotations

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import salesdesk

SRC_DIR = Path(salesdesk.__file__).resolve().parents[1]


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    # given only the variables a deployment must set
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("SALESDESK_", "DJANGO_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="salesdesk.config.settings.production",
        SALESDESK_SECRET_KEY="".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(64)),
        SALESDESK_ALLOWED_HOSTS="salesdesk.example.com",
        SALESDESK_VAR_DIR=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), environment.get("PYTHONPATH", "")])),
    )

    # when Django checks the deployment, failing on warnings too
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then it finds nothing
    assert result.returncode == 0, result.stdout + result.stderr
    # (On SQLite the covering index's models.W040, silenced in the settings, is counted as silenced.)
    assert re.fullmatch(r"System check identified no issues \(\d+ silenced\)\.", result.stdout.strip())


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("SALESDESK_", "DJANGO_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="salesdesk.config.settings.production",
        SALESDESK_ALLOWED_HOSTS="salesdesk.example.com",
        SALESDESK_VAR_DIR=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), environment.get("PYTHONPATH", "")])),
    )

    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "Set the environment variable SALESDESK_SECRET_KEY." in result.stderr
