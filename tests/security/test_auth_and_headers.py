"""Sign-in gives nothing away, links are unguessable and stored only hashed, and every kind
of answer carries the security headers."""

from __future__ import annotations

import base64
import re
import statistics
import time

from sqlalchemy import text

from assess.models import Invitation, utcnow
from assess.platform.security import hash_token
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.invitations import invitation_token, new_invitation
from tests.conftest import csrf_from, sign_in
from tests.factories import InvitationFactory, RepFactory, RoundFactory, TeamFactory
from tests.security.test_xss import live_payloads

TRIES = 15


def timed_login(client, token: str, email: str, password: str, address: str = "127.0.0.1"):
    started = time.perf_counter()
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return time.perf_counter() - started, answer


def test_login_does_not_tell_unknown_emails_from_wrong_passwords(client, owner):
    token = csrf_from(client.get("/login"))
    unknown, wrong = [], []
    messages = set()
    for attempt in range(TRIES):  # interleaved, so machine load hits both alike
        # each from its own address, so the per-address wait never comes into play
        address = f"10.0.0.{attempt + 1}"
        seconds, answer = timed_login(
            client, token, f"nobody{attempt}@example.com", "guess", address
        )
        unknown.append(seconds)
        messages.add((answer.status_code, "do not match an account" in answer.text))
        seconds, answer = timed_login(
            client, token, owner.email, f"wrong password {attempt}", address
        )
        wrong.append(seconds)
        messages.add((answer.status_code, "do not match an account" in answer.text))
    assert messages == {(401, True)}  # same status, same words
    ratio = statistics.median(unknown) / statistics.median(wrong)
    assert 1 / 3 < ratio < 3, (statistics.median(unknown), statistics.median(wrong))


def test_invitation_links_carry_256_bits_and_the_database_holds_no_token(app, session, manager):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    version = ensure_version(session, shipped_banks()["consultative_selling"])
    assessment_round = RoundFactory(team=team, bank_versions=[version])
    secret_key = app.config["SECRET_KEY"]
    invitation = new_invitation(
        secret_key,
        organization_id=team.organization_id,
        round_id=assessment_round.id,
        rep_id=rep.id,
        bank_version_id=version.id,
        rater_role="self",
        rater_key="self",
        expires_at=utcnow(),
    )
    session.add(invitation)
    session.flush()
    token = invitation_token(secret_key, invitation)
    assert len(base64.urlsafe_b64decode(token + "=")) * 8 == 256
    assert invitation.token_hash == hash_token(token)
    row = session.execute(
        text("SELECT * FROM invitations WHERE id = :id"), {"id": invitation.id}
    ).one()
    assert not any(isinstance(value, str) and token in value for value in row)


def test_password_links_are_stored_only_as_a_hash(app, runner, session, manager):
    result = runner.invoke(args=["user", "reset-link", manager.email])
    token = re.search(r"/password/([\w-]+)", result.output).group(1)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    rows = session.execute(text("SELECT * FROM password_links")).all()
    assert rows and not any(token in str(value) for row in rows for value in row)
    assert any(hash_token(token) in row for row in rows)


# --- headers ------------------------------------------------------------------------------

HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def test_every_kind_of_answer_carries_the_security_headers(app, client, session, manager):
    version = ensure_version(session, shipped_banks()["buyer_feedback"])
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    assessment_round = RoundFactory(team=team, bank_versions=[version])

    invitation = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role="customer"
    )
    link = "/s/" + invitation_token("test-secret-key", invitation)
    anonymous = {
        "login page": client.get("/login"),
        "survey landing": client.get(link),
        "survey page": client.get(f"{link}/p/1"),
        "unknown link": client.get("/s/" + "A" * 43),
        "not found": client.get("/no-such-page"),
        "csrf refused": client.post("/login", data={}),
        "too large": client.post("/login", data={"x": "y" * 600_000}),
        "health": client.get("/healthz"),
        "static file": client.get("/static/" + next(static_files(app))),
    }
    sign_in(client, manager.email)
    signed_in = {
        "dashboard": client.get("/manage/"),
        "round board": client.get(f"/manage/rounds/{assessment_round.id}"),
        "json": client.get(f"/manage/rounds/{assessment_round.id}/reports.json"),
        "csv export": client.get(f"/manage/rounds/{assessment_round.id}/export.csv"),
        "redirect": client.post("/logout", data={"csrf_token": csrf_from(client.get("/manage/"))}),
    }
    answers = {**anonymous, **signed_in}
    assert answers["too large"].status_code == 413
    assert answers["csrf refused"].status_code == 400
    for kind, answer in answers.items():
        for header, value in HEADERS.items():
            assert value in answer.headers.get(header, ""), f"{kind}: {header} missing"
        if kind not in ("static file",):
            # Pages with people's answers or names are never kept in a browser's cache.
            assert "no-store" in answer.headers.get("Cache-Control", ""), kind
        if kind != "static file":
            assert not live_payloads(answer.get_data(as_text=True)), kind
        answer.close()


def test_the_session_cookie_is_httponly_and_samesite(client, manager):
    answer = sign_in(client, manager.email)
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def static_files(app):
    from pathlib import Path

    folder = Path(app.static_folder)
    for path in sorted(folder.rglob("*.css")):
        yield str(path.relative_to(folder))


def test_a_revoked_link_shows_no_form_and_no_answers(client, session, manager):
    version = ensure_version(session, shipped_banks()["buyer_feedback"])
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    assessment_round = RoundFactory(team=team, bank_versions=[version])

    invitation = InvitationFactory(
        round=assessment_round, rep=rep, bank_version=version, rater_role="customer"
    )
    link = "/s/" + invitation_token("test-secret-key", invitation)
    session.get(Invitation, invitation.id).status = "revoked"
    session.flush()
    for path in (link, f"{link}/p/1", f"{link}/done"):
        answer = client.get(path)
        assert answer.status_code == 410, path
        assert 'name="bf_listened"' not in answer.text
