"""Moving a started survey to another browser (see `services.respondent_browser`).

=================================  =========  ========================================
``/s/<token>/move``                POST       email me a link to continue elsewhere
``/s/<token>/move/<move_token>``   GET        confirm: "continue in this browser"
``/s/<token>/move/<move_token>``   POST       bind the answers to this browser
=================================  =========  ========================================

The emailed link only shows a button: mail scanners that open every link in a
message must not be able to take the answers over by fetching it.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from assess.core.i18n import gettext as _
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import respondent_browser
from assess.services.survey import response_for
from assess.web.scoping import public
from assess.web.survey import blueprint
from assess.web.survey.links import link_in_state, remember_browser, status_page


@blueprint.post("/<token>/move")
@public
def request_move(token: str):
    """Email the respondent a link that moves their answers to the browser opening it.
    The page says the same whether or not a message went (limits, no address)."""
    link = link_in_state(token, lock=True, own=False)
    if link.owned:
        return redirect(url_for("survey.landing", token=token))
    database = db_session()
    response = response_for(database, link.invitation)
    settings = get_settings()
    if response is not None:
        respondent_browser.send_move_link(database, settings, link.invitation, response)
    commit(database)
    return status_page("move_sent", 200, organization=link.organization)


@blueprint.route("/<token>/move/<move_token>", methods=["GET", "POST"])
@public
def take_move(token: str, move_token: str):
    """The emailed link: a button that makes this browser the answers' own."""
    link = link_in_state(token, lock=True, own=False)
    database = db_session()
    response = response_for(database, link.invitation)
    if not respondent_browser.valid_move(get_settings(), response, move_token):
        database.rollback()
        return status_page("move_invalid", 404, organization=link.organization)
    if request.method != "POST":
        database.rollback()
        return status_page("move_confirm", 200, organization=link.organization, token=token)
    remember_browser(token, respondent_browser.bind(response), link.invitation.expires_at)
    commit(database)
    flash(_("Your answers now open in this browser, and no longer in the other one."), "success")
    return redirect(url_for("survey.landing", token=token))
