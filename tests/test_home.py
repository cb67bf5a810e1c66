"""The front page and the health check."""

from __future__ import annotations

import pytest

from tests.conftest import make_test_app


def test_front_page_answers_with_a_way_to_sign_in(client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<title>Candor</title>" in text  # not "Candor · Candor"
    assert 'href="/login"' in text and "Sign in" in text
    assert "<title>Sign in · Candor</title>" in client.get("/login").get_data(as_text=True)


def test_health_check_reports_the_database(client):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "ok", "checks": {"database": "ok"}}


def test_health_check_is_degraded_when_redis_does_not_answer(database_url, tmp_path):
    app = make_test_app(database_url, tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    health = app.test_client().get("/healthz")
    assert health.status_code == 503
    assert health.json["checks"]["redis"].startswith("error")
    app.extensions["candor.db"].dispose()


@pytest.mark.services
def test_health_check_reports_a_live_redis(database_url, redis_url, tmp_path):
    app = make_test_app(database_url, tmp_path, REDIS_URL=redis_url)
    health = app.test_client().get("/healthz")
    assert health.status_code == 200
    assert health.json["checks"] == {"database": "ok", "redis": "ok"}
    app.extensions["candor.db"].dispose()
