"""Every query a signed-in user makes is limited to their organization.

`owned_or_404` is the one way a route turns an id from the URL into a row: an id that
belongs to another organization answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from assess.platform.db import db_session


def owned_or_404(model, row_id: int):
    row = db_session().scalar(
        select(model).where(
            model.id == row_id, model.organization_id == current_user.organization_id
        )
    )
    if row is None:
        abort(404)
    return row


def owned(model):
    """A select of `model` already limited to the current organization."""
    return select(model).where(model.organization_id == current_user.organization_id)


def owner_required(view):
    """Only the organization's owner(s) may use `view`; a manager gets 403."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.role != "owner":
            abort(403)
        return view(*args, **kwargs)

    return wrapper
