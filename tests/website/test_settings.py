"""Configuration comes from the environment; production refuses an insecure set-up."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.website.settings_modules import load_settings
from website.settings import env

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3Jx9-pQ2vLr8sT1wYz6uB4nC7mE0aF5hG2jK8lN3oP6qR9sU1vW4xZ7yA0bD3e"


def test_database_defaults_to_sqlite(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.get_database("DATABASE_URL", tmp_path / "var" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"].endswith("db.sqlite3")
    assert (tmp_path / "var").is_dir()


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://qi:secret@db.internal:5433/qi_one_stop")
    config = env.get_database("DATABASE_URL", tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "qi_one_stop")
    assert config["USER"] == "qi" and config["PASSWORD"] == "secret"
    assert config["OPTIONS"]["options"] == "-c jit=off"  # see env.get_database


def test_bad_database_url_names_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "oracle-ish://nowhere")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.get_database("DATABASE_URL", tmp_path / "db.sqlite3")


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Off", False), ("0", False)]
)
def test_bool_parser(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.get_bool("SOME_FLAG") is expected


def test_bool_parser_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.get_bool("SOME_FLAG")


def test_email_url_selects_smtp(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://mailer:pw@smtp.example.org:587/?tls=True")
    config = env.get_email("EMAIL_URL")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["EMAIL_HOST"] == "smtp.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_USE_TLS"] is True


def test_redis_url_must_be_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://cache:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env.get_url("REDIS_URL", ("redis", "rediss"))


UNSET = ("SECRET_KEY", "ALLOWED_HOSTS")


def _run_manage(args, **extra_env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {*UNSET, "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = "website.settings.production"
HOST = "qi.example.gov.cn"


def test_production_refuses_an_insecure_configuration_at_start_up():
    """Smoke test in a real ``manage.py``: the refusal stops the command (the cases are below)."""
    result = _run_manage(["check"], DJANGO_SETTINGS_MODULE=PRODUCTION, ALLOWED_HOSTS=HOST)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    "extra",
    [
        {"ALLOWED_HOSTS": HOST},  # no secret key
        {"SECRET_KEY": "short", "ALLOWED_HOSTS": HOST},
        {"SECRET_KEY": GOOD_SECRET},  # no allowed hosts
        {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "*"},
    ],
)
def test_production_refuses_insecure_configuration(extra, monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured):
        load_settings(PRODUCTION, monkeypatch, tmp_path, UNSET, **extra)


def test_production_check_deploy_is_clean(tmp_path):
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS=HOST,
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_production_refuses_demo_content(monkeypatch, tmp_path):
    production = load_settings(
        PRODUCTION, monkeypatch, tmp_path, UNSET, SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS=HOST
    )
    with (
        override_settings(DEMO_CONTENT_ALLOWED=production.DEMO_CONTENT_ALLOWED),
        pytest.raises(CommandError, match="refused"),
    ):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())


def test_fragments_are_kept_with_or_without_redis(monkeypatch, tmp_path):
    """Without Redis each process keeps its own fragments under a generation held in a file of
    the host (``website.page_cache``); with Redis the generation is there, beside the fragments."""
    embedded = load_settings("website.settings.base", monkeypatch, tmp_path, ["REDIS_URL"])
    assert embedded.FRAGMENT_CACHE_SECONDS > 0 and embedded.PAGE_CACHE_SECONDS == 0
    assert embedded.CONTENT_GENERATION_FILE == tmp_path / "content-generation"
    shared = load_settings(
        "website.settings.base", monkeypatch, tmp_path, REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert shared.FRAGMENT_CACHE_SECONDS > 0 and shared.PAGE_CACHE_SECONDS > 0
    assert shared.CONTENT_GENERATION_FILE is None
