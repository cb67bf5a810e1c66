"""The optional last step of a self-assessment: the rep suggests buyers to ask.

``/s/<token>/nominate``  GET, POST  (linked from the thank-you page, and reached after
the last page of a self-assessment when the round has a buyer survey)

Each row is a name, an address, how the rep knows them and — when the buyer survey is
offered in more than one language — the language to write to them in (the team's by
default). Nobody is written to before the manager approves (`services.nominations`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from assess.core.i18n import best_language, ngettext
from assess.core.i18n import gettext as _
from assess.core.text import displayable
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import nominations
from assess.services.buyer_addresses import buyer_rule
from assess.web.scoping import public
from assess.web.survey import blueprint
from assess.web.survey.fields import count_fields
from assess.web.survey.language import offered_languages
from assess.web.survey.links import link_in_state, status_page
from assess.web.survey.routes import nomination_target, onward_of

NOMINATION_ROWS = 5


@blueprint.route("/<token>/nominate", methods=["GET", "POST"])
@public
def nominate_buyers(token: str):
    """The optional last step of a self-assessment: "who should we ask about you?"."""
    link = link_in_state(token, "completed", lock=request.method == "POST")
    target = nomination_target(link)
    if target is None:
        abort(404)
    buyer_version, buyer_bank = target
    database = db_session()
    roles = nominations.buyer_roles(buyer_bank)
    # the languages the buyer may be written to in (a choice only when there are two)
    languages = offered_languages(buyer_bank)
    # proposed for each row: the language the rep reads this page in (people a rep
    # deals with mostly share it); a row sent without a choice gets the team's
    team_language = best_language(link.language, languages, link.round.team.language)
    left = nominations.places_left(database, link.invitation, buyer_version)
    typed: dict[int, dict[str, str]] = {}
    errors: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        if count_fields(request.form, request.files) > 2 + 4 * nominations.MAX_NOMINEES:
            return status_page("bad_request", 400)
        if request.form.get("action") == "skip":
            return redirect(url_for(".done", token=token))
        chosen = []
        allowed = {role for role, _label in roles}
        rule = buyer_rule(database, link.rep)
        for row in range(nominations.MAX_NOMINEES):
            values = {
                key: request.form.get(f"{key}-{row}", "") for key in ("name", "email", "role")
            }
            language = request.form.get(f"language-{row}") if len(languages) > 1 else None
            nominee, message = nominations.check_row(
                values["name"], values["email"], values["role"], allowed, rule, language, languages
            )
            if language is not None:
                values["language"] = language
            if nominee is not None or message is not None:
                typed[row] = {key: displayable(value) for key, value in values.items()}
            if message is not None:
                errors[row] = message
            elif nominee is not None:
                chosen.append(nominee)
        if len(chosen) > left:
            errors[-1] = ngettext(
                "You can suggest %(num)s more person.", "You can suggest %(num)s more people.", left
            )
        if not errors and chosen:
            nominations.nominate(
                database,
                get_settings(),
                link.invitation,
                link.round,
                buyer_version,
                chosen,
            )
            commit(database)
            # The same words whether or not someone was asked already: the rep must not
            # learn who was (nominations.ALREADY_ASKED_SCOPE).
            flash(
                ngettext(
                    "Thank you. Your manager will check this name before we write to anyone.",
                    "Thank you. Your manager will check these names before we write to anyone.",
                    len(chosen),
                ),
                "success",
            )
            return redirect(url_for(".done", token=token))
        if not errors:
            errors[-1] = _("Fill in at least one person, or choose “Skip”.")
        status = 422
    rows = max([min(NOMINATION_ROWS, left), *(row + 1 for row in typed)])
    return (
        render_template(
            "survey/nominate.html",
            link=link,
            roles=roles,
            rows=rows,
            typed=typed,
            errors=errors,
            left=left,
            onward=onward_of(link),
            languages=languages if len(languages) > 1 else [],
            team_language=team_language,
            suggested=nominations.MAX_NOMINEES - left,
            max_nominees=nominations.MAX_NOMINEES,
        ),
        status,
    )
