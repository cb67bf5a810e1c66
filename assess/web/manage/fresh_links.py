"""The board's "New link" for a respondent locked out of a survey they started
(`services.fresh_links`): a confirmation that says what starting over costs, then the
new link in the respondent's email or the outbox."""

from __future__ import annotations

from flask import flash, redirect, url_for

from assess.core.text import plural
from assess.models import Invitation
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.fresh_links import STARTED, saved_answers, start_over
from assess.web.manage import blueprint
from assess.web.manage.confirmation import confirm_page, confirmed
from assess.web.manage.forms import require_confirmation
from assess.web.manage.round_actions import delivery_note, who
from assess.web.scoping import team_row, visible_or_404


@blueprint.route("/invitations/<int:invitation_id>/new-link", methods=["GET", "POST"])
@team_row(Invitation, "invitation_id")
def new_link(invitation_id: int):
    invitation = visible_or_404(Invitation, invitation_id)
    require_confirmation()
    back = url_for("manage.round_board", round_id=invitation.round_id)
    if invitation.round.status == "closed" or invitation.status not in STARTED:
        return confirm_page(
            f"No new link for {who(invitation)}",
            [
                "The round is closed: its links open nothing any more."
                if invitation.round.status == "closed"
                else "This survey was not started, so its link still opens in any browser: "
                "send it again with Remind, or copy it from the board.",
            ],
            None,
            back,
        )
    database = db_session()
    if not confirmed():
        saved = saved_answers(database, invitation)
        return confirm_page(
            f"Give {who(invitation)} a new link?",
            [
                "Use this when they cannot get back to the browser where they started: a "
                "started survey opens only there.",
                f"The {plural(saved, 'answer')} saved so far "
                f"{'is' if saved == 1 else 'are'} deleted unread, so the survey starts "
                "over: whoever holds the new link must not be able to read them."
                if saved
                else "Nothing was saved through the old link yet.",
                "The old link stops working at once.",
            ],
            "Delete the saved answers and make a new link" if saved else "Make a new link",
            back,
        )
    message = start_over(database, get_settings(), invitation)
    commit(database)
    if message is None:
        flash(
            f"{who(invitation)} has a new link: they reach it from the thank-you page of "
            "their survey before this one, through the link they already have.",
            "success",
        )
    else:
        flash(f"{who(invitation)} has a new link; {delivery_note()}.", "success")
    return redirect(back)
