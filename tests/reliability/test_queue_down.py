"""Redis down: a page that queues a job answers "please retry" (503) within seconds,
never a 500 and never a minute-long wait."""

from __future__ import annotations

import time

from assess.platform import migrate
from assess.platform.db import get_database
from tests.conftest import csrf_from, free_port, make_test_app


def test_a_request_that_queues_a_job_while_redis_is_down_asks_to_retry(tmp_path):
    app = make_test_app(
        f"sqlite:///{tmp_path / 'candor.db'}",
        tmp_path / "instance",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",  # nobody listens there
        JOBS_EAGER=False,
        PROPAGATE_EXCEPTIONS=False,  # answer as in production, not raise into the test
    )
    migrate.upgrade(get_database(app))
    client = app.test_client()
    token = csrf_from(client.get("/forgot"))
    started = time.monotonic()
    answer = client.post("/forgot", data={"csrf_token": token, "email": "someone@example.com"})
    waited = time.monotonic() - started
    assert answer.status_code == 503
    assert "please retry" in answer.get_data(as_text=True).lower()
    assert waited < 5, waited
    app.extensions["candor.db"].dispose()
