"""Sign in / out and one-time password links.

Nothing here tells a visitor whether an email has an account: the same message and the
same work (an argon2 verification) happen either way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from assess.models import User, utcnow
from assess.platform.db import db_session
from assess.platform.queue import enqueue
from assess.platform.security import (
    hash_password,
    password_needs_rehash,
    verify_password,
)
from assess.platform.transaction import commit
from assess.services.password_links import RESET_TASK, find_usable_link
from assess.services.password_links import set_password as set_new_password
from assess.services.sso import password_refused
from assess.web.auth import throttle
from assess.web.auth.devices import recognised_device, remember_device
from assess.web.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from assess.web.extensions import login_manager
from assess.web.scoping import public, signed_in

blueprint = Blueprint("auth", __name__)

# Verified when the email is unknown, so a miss costs the same time as a wrong password.
_DECOY_HASH = hash_password("decoy password that matches nothing")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, epoch = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db_session().get(User, int(user_id))
    if user is None or not user.is_active or user.get_id() != session_id:
        return None
    return user


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("manage.dashboard")


def wait_words(seconds: int) -> str:
    """ "40 seconds", "3 minutes": how long a throttled sign-in waits, in words."""
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{round(seconds / 60)} minutes"


#: The signed session remembers, for the next sign-in form only, whose password was set.
LOGIN_EMAIL = "login_email"
#: What a right password of an organization that signs in through its provider gets.
SSO_ONLY = (
    "Your organization signs in with single sign-on only: use “Sign in with single "
    "sign-on” below, with your organization’s sign-in name."
)


def begin_session(database, user: User, device: str | None, target: str):
    """What every sign-in does once it knows who it is (a password, or the provider's
    word): stamp the sign-in, end this client's failure counts, start a fresh session
    (nothing from before carries over) and remember this browser for the throttle."""
    user.last_login_at = utcnow()
    throttle.clear_failures(database, user.email, request.remote_addr or "unknown", device)
    commit(database)
    session.clear()
    login_user(user)
    return remember_device(redirect(target), user, device)


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("manage.dashboard"))
    form = LoginForm()
    if request.method == "GET" and session.get(LOGIN_EMAIL):
        form.email.data = session.pop(LOGIN_EMAIL)
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        address = request.remote_addr or "unknown"
        database = db_session()
        user = database.scalar(select(User).where(User.email == email))
        device = recognised_device(user)
        wait = throttle.seconds_to_wait(database, email, address, device)
        if wait:
            form.email.errors.append(
                f"Too many failed sign-ins. Try again in {wait_words(wait)}, "
                "or reset your password below."
            )
            answer = make_response(render_template("auth/login.html", form=form), 429)
            answer.headers["Retry-After"] = str(wait)
            return answer
        password_ok = verify_password(
            user.password_hash if user else _DECOY_HASH, form.password.data
        )
        if user is None or not password_ok or not user.is_active:
            throttle.record_failure(database, email, address, device)
            commit(database)
            form.password.errors.append("That email and password do not match an account.")
            return render_template("auth/login.html", form=form), 401
        if password_refused(database, user):  # only a right password learns this
            form.email.errors.append(SSO_ONLY)
            return render_template("auth/login.html", form=form), 403
        if password_needs_rehash(user.password_hash):
            user.password_hash = hash_password(form.password.data)
        return begin_session(database, user, device, safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
@signed_in
def logout():
    """Sign out here and end the session on the server: a copy of this cookie (or of
    any other session of the account) no longer signs anyone in."""
    current_user.end_sessions()
    commit(db_session())
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Known address or not, the request does the same thing: it queues the job
        # (assess.jobs.account_tasks), so its timing cannot tell them apart. Past the
        # limits (per address typed, per client) nothing is queued and the answer is
        # the same, so the limit tells nothing either.
        email = form.email.data.strip().lower()
        database = db_session()
        if throttle.may_request_reset(database, email, request.remote_addr or "unknown"):
            commit(database)
            enqueue(RESET_TASK, email)
        flash(
            "If that address has an account, a link to choose a new password is on its way. "
            "It works once, for two hours.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@blueprint.route("/password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    link = find_usable_link(db_session(), token)
    if link is None:
        return render_template("auth/link_invalid.html"), 404
    if password_refused(db_session(), link.user):  # a password would not sign in anyway
        return render_template("auth/sso_problem.html", message=SSO_ONLY, sso_only=True), 403
    form = SetPasswordForm()
    if form.validate_on_submit():
        other = current_user.is_authenticated and current_user.id != link.user.id
        if other:  # someone else's session in this browser: it ends here, not theirs
            logout_user()
            session.clear()
        device = recognised_device(link.user)  # by the old password's cookie, if any
        set_new_password(db_session(), link.user, form.password.data)
        # the new password works at once from here, whatever waits others caused: this
        # client's counts end, and this browser is the account's known device from now
        throttle.clear_failures(
            db_session(), link.user.email, request.remote_addr or "unknown", device
        )
        commit(db_session())
        flash("Your password is set. Sign in with it now.", "success")
        session[LOGIN_EMAIL] = link.user.email  # the sign-in form comes filled in
        return remember_device(redirect(url_for("auth.login")), link.user)
    return render_template("auth/set_password.html", form=form, link=link)
