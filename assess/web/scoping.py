"""Every query a signed-in user makes is limited to what they may see, and every route
declares who may use it.

`visible(model)` and `visible_or_404` apply the one rule of `assess.services.access`
(owner: the organization; manager: the teams they manage). A row the user may not
see answers 404, exactly like one that does not exist, so ids cannot be probed.

Each view states its rule with one decorator — `public`, `signed_in`, `owner_only` or
`team_row(Model, "url_argument")` — which both enforces it and records it on the view
(`access_rule`). The app refuses to start when a route has none (see
`check_every_route_declares_access`), and the permission-matrix test runs every route
as five people against its declared rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort
from flask_login import current_user, login_required

from assess.platform.db import db_session
from assess.services.access import in_organization, visible_to


@dataclass(frozen=True)
class AccessRule:
    """Who may use a route: "public", "signed_in", "owner", "team" (then the row
    named by the URL argument `argument` must be visible, a `model`), or "api" (an API
    token of `scope`; `assess.web.api.access` checks it before the view runs)."""

    kind: str
    model: type | None = None
    argument: str | None = None
    #: For "api" routes: the token scope they need ("read" or "write").
    scope: str | None = None


def visible(model):
    """A select of `model` limited to what the current user may see."""
    return visible_to(current_user, model)


def owned(model):
    """A select of every `model` in the current organization (uniqueness checks only)."""
    return in_organization(current_user, model)


def visible_or_404(model, row_id: int):
    row = db_session().scalar(visible(model).where(model.id == row_id))
    if row is None:
        abort(404)
    return row


def _declare(view, rule: AccessRule):
    view.access_rule = rule
    return view


def public(view):
    """Anyone: the sign-in pages, and the survey pages (protected by their link)."""
    return _declare(view, AccessRule("public"))


def signed_in(view):
    """Any signed-in user; what the page shows is limited by `visible`."""
    return _declare(login_required(view), AccessRule("signed_in"))


def owner_only(view):
    """Only the organization's owner(s); a manager gets 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role != "owner":
            abort(403)
        return view(*args, **kwargs)

    return _declare(wrapper, AccessRule("owner"))


def team_row(model, argument: str):
    """A signed-in user who may see the `model` row whose id is in `argument`."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            visible_or_404(model, kwargs[argument])
            return view(*args, **kwargs)

        return _declare(wrapper, AccessRule("team", model, argument))

    return decorate


def api_scope(scope: str):
    """An API route a token of `scope` may call ("write" tokens may also read)."""

    def decorate(view):
        return _declare(view, AccessRule("api", scope=scope))

    return decorate


def check_every_route_declares_access(app: Flask) -> None:
    """Fail closed: a route without a declared rule stops the app from starting."""
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "access_rule", None) is None
    ]
    if missing:
        raise RuntimeError(f"routes without an access rule: {', '.join(sorted(missing))}")
