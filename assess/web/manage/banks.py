"""The owner's bank pages: which bank versions the organization answered, and how
each item of a version works (item analysis, agreement among a rep's buyers, and
whether it goes with the outcomes imported).

Owner only: the numbers pool every team. What a page may show — only statistics over
many raters, "not enough answers yet" below the minimum — is decided in
`assess.core.reports.item_review`; the answers read are the organization's own, of
closed rounds (`assess.services.bank_analysis`). A version the organization has no
finished survey of answers 404, as if it did not exist.
"""

from __future__ import annotations

import csv
import io
import logging
import re

from flask import Response as HttpResponse
from flask import abort, render_template
from flask_login import current_user

from assess.core.reports.item_review import CSV_COLUMNS, item_review_rows
from assess.platform.db import db_session
from assess.platform.settings import get_settings
from assess.services.bank_analysis import answered_versions, bank_review, closed_round_answers
from assess.services.item_validity import item_validity
from assess.web.manage import blueprint
from assess.web.manage.exports import neutralize
from assess.web.scoping import owner_only

log = logging.getLogger(__name__)

#: What the page says when a stored answer does not fit its version (the error's own
#: message quotes the answer, so it goes to the log only).
UNREADABLE = (
    "A stored answer does not fit this bank version, so its items cannot be analysed. "
    "The server log names the item; nothing was changed."
)


@blueprint.get("/banks")
@owner_only
def banks():
    """Every bank version the organization's finished surveys answered."""
    uses = answered_versions(db_session(), current_user.organization_id)
    return render_template("manage/banks.html", uses=uses)


def review_or_404(version_id: int, answered=None):
    """(version use, view) of the version in the owner's organization, 404 when it has
    no finished survey there; the view is None when a stored answer cannot be read."""
    try:
        review = bank_review(db_session(), current_user.organization_id, version_id, answered)
    except ValueError as error:
        log.error("item analysis of bank version %s: %s", version_id, error)
        uses = answered_versions(db_session(), current_user.organization_id)
        use = next((row for row in uses if row.version.id == version_id), None)
        if use is None:
            abort(404)
        return use, None
    if review is None:
        abort(404)
    return review


@blueprint.get("/banks/<int:version_id>")
@owner_only
def bank_analysis(version_id: int):
    """How each item of one bank version works, for the bank's author, and whether each
    goes with the outcomes the organization imported (`services.item_validity`)."""
    # the finished surveys are read once, for the item analysis and for the validity
    answered = closed_round_answers(db_session(), current_user.organization_id, version_id)
    use, view = review_or_404(version_id, answered)
    items = None
    if view is not None:  # an answer that does not fit stops this analysis too
        items = item_validity(
            db_session(), get_settings(), current_user.organization_id, version_id, answered
        )
    return render_template(
        "manage/bank_analysis.html", use=use, view=view, items=items, unreadable=UNREADABLE
    )


@blueprint.get("/banks/<int:version_id>/analysis.csv")
@owner_only
def bank_analysis_csv(version_id: int):
    """The page's item table as CSV."""
    use, view = review_or_404(version_id)
    if view is None:
        abort(404)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in item_review_rows(view):
        writer.writerow({key: neutralize(value) for key, value in row.items()})
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{use.version.bank_key}-{use.version.version}")
    filename = f"candor-{name}-items.csv"
    return HttpResponse(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
