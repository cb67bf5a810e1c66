"""The owner's webhook pages: endpoints, their signing secret, and the delivery log.

Owner only, like the rest of the integrations: an endpoint hears of the whole
organization's rounds, and its secret lets anyone holding it sign as Candor. A URL
is checked by the outbound guard (`assess.platform.outbound`) when it is added, and
again before every delivery. A refused URL is answered on the form, beside the field,
with what is wrong and how to fix it, and nothing is saved.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Optional

from assess.models import WEBHOOK_EVENTS, WebhookEndpoint
from assess.platform.db import db_session
from assess.platform.outbound import OutboundFailed, OutboundRefused
from assess.platform.transaction import commit
from assess.services import webhooks
from assess.web.forms import CandorForm
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import ConfirmForm, MultiCheckboxField, require_confirmation
from assess.web.scoping import owner_only

#: Each event, as the form offers it.
EVENT_WORDS = {
    "round.launched": "a round is launched",
    "response.finished": (
        "a survey is sent in (a rep's own or a manager's review by name; buyers and the "
        "alignment survey only as a group, once at least 3 have finished)"
    ),
    "round.closed": "a round is closed",
    "report.ready": "a report's PDF is ready",
}
#: What the log calls each status.
STATUS_WORDS = {
    "pending": "waiting",
    "retrying": "will try again",
    "delivered": "delivered",
    "failed": "failed",
}


class WebhookForm(CandorForm):
    url = StringField(
        "Receiver URL",
        validators=[DataRequired("Give the address that receives the events."), Length(max=2000)],
    )
    description = StringField("What it is for (optional)", validators=[Optional(), Length(max=200)])
    events = MultiCheckboxField(
        "Events to send (none ticked: every event)",
        choices=[SelectChoice(event, f"{event} — {words}") for event, words in EVENT_WORDS.items()],
        validators=[Optional()],
    )


def allow_private() -> bool:
    return current_app.config.get("CANDOR_WEBHOOKS_ALLOW_PRIVATE", False)


def endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    """The owner's endpoint; another organization's answers 404 like a missing one."""
    endpoint = db_session().scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.organization_id == current_user.organization_id,
        )
    )
    if endpoint is None:
        abort(404)
    return endpoint


def endpoint_url(endpoint: WebhookEndpoint) -> str:
    return url_for("manage.webhook", endpoint_id=endpoint.id)


@blueprint.get("/webhooks")
@owner_only
def webhooks_list():
    """Every endpoint of the organization."""
    database, organization_id = db_session(), current_user.organization_id
    return render_template(
        "manage/webhooks.html",
        endpoints=webhooks.endpoints(database, organization_id),
        latest=webhooks.latest_deliveries(database, organization_id),
        all_events=WEBHOOK_EVENTS,
    )


@blueprint.route("/webhooks/new", methods=["GET", "POST"])
@owner_only
def new_webhook():
    """Add an endpoint; a refused URL changes nothing and says why, beside the field."""
    form = WebhookForm()
    if form.validate_on_submit():
        database = db_session()
        try:
            endpoint = webhooks.add_endpoint(
                database,
                current_user.organization_id,
                url=form.url.data,
                description=form.description.data or "",
                events=form.events.data or [],
                allow_private=allow_private(),
            )
        except (OutboundRefused, OutboundFailed) as refusal:
            form.url.errors.append(str(refusal))
        else:
            commit(database)
            flash(
                "The endpoint is added. Copy its signing secret below into the receiver, "
                "then send a test event.",
                "success",
            )
            return redirect(endpoint_url(endpoint))
    status = 422 if form.errors else 200
    return render_template("manage/webhook_new.html", form=form), status


@blueprint.get("/webhooks/<int:endpoint_id>")
@owner_only
def webhook(endpoint_id: int):
    """One endpoint: its secret, its buttons and its delivery log (newest first)."""
    endpoint = endpoint_or_404(endpoint_id)
    return render_template(
        "manage/webhook.html",
        endpoint=endpoint,
        deliveries=webhooks.delivery_log(db_session(), endpoint),
        log_length=webhooks.LOG_LENGTH,
        max_attempts=webhooks.MAX_ATTEMPTS,
        retry_seconds=current_app.config.get(
            "CANDOR_WEBHOOK_RETRY_SECONDS", webhooks.DEFAULT_RETRY_SECONDS
        ),
        status_words=STATUS_WORDS,
        confirm=ConfirmForm(),
    )


@blueprint.post("/webhooks/<int:endpoint_id>/test")
@owner_only
def test_webhook(endpoint_id: int):
    """Queue a `webhook.test` message to this endpoint only."""
    require_confirmation()
    endpoint = endpoint_or_404(endpoint_id)
    database = db_session()
    try:
        webhooks.send_test(database, endpoint)
    except ValueError as error:
        flash(str(error), "error")
        return redirect(endpoint_url(endpoint))
    commit(database)
    flash("A test event is on its way; its try shows in the log below.", "success")
    return redirect(endpoint_url(endpoint))


@blueprint.post("/webhooks/<int:endpoint_id>/disable")
@owner_only
def disable_webhook(endpoint_id: int):
    """Stop sending to this endpoint; messages still waiting are not sent."""
    return set_active(endpoint_id, False)


@blueprint.post("/webhooks/<int:endpoint_id>/enable")
@owner_only
def enable_webhook(endpoint_id: int):
    """Send to this endpoint again, from the next event on."""
    return set_active(endpoint_id, True)


def set_active(endpoint_id: int, active: bool):
    require_confirmation()
    endpoint = endpoint_or_404(endpoint_id)
    endpoint.is_active = active
    commit(db_session())
    if active:
        flash("The endpoint is enabled: it hears of events from now on.", "success")
    else:
        flash(
            "The endpoint is disabled: nothing is sent to it, and messages still waiting "
            "for a retry are dropped.",
            "success",
        )
    return redirect(endpoint_url(endpoint))


@blueprint.route("/webhooks/<int:endpoint_id>/delete", methods=["GET", "POST"])
@owner_only
def delete_webhook(endpoint_id: int):
    """Delete the endpoint and its log, after a page that says so."""
    endpoint = endpoint_or_404(endpoint_id)
    if not confirmed():
        return confirm_page(
            "Delete this webhook endpoint?",
            [
                f"Nothing more is sent to {endpoint.url}.",
                "Its signing secret and its delivery log are deleted with it.",
                "To stop it for a while instead, disable it: that keeps both.",
            ],
            "Delete the endpoint",
            endpoint_url(endpoint),
        )
    require_confirmation()
    database = db_session()
    database.delete(endpoint)
    commit(database)
    flash("The endpoint and its delivery log are deleted.", "success")
    return redirect(url_for("manage.webhooks_list"))
