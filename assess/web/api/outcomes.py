"""Sales outcomes through the API: what a CRM knows of each rep's results per period,
for "Does it predict here?" — the same rules as the page's CSV import, all or nothing."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from assess.core.outcome_entries import MAX_ENTRIES, outcome_entries
from assess.core.outcomes import MEASURE_IDS
from assess.models import Outcome, Rep, utcnow
from assess.platform.db import db_session
from assess.services.outcomes import save_outcomes
from assess.web.api.access import caller
from assess.web.api.paging import next_link, page_of
from assess.web.api.problems import ApiError
from assess.web.api.schemas import PageArgs
from assess.web.api.spec import documented
from assess.web.converters import LARGEST_ID
from assess.web.scoping import api_scope

blueprint = Blueprint("api_outcomes", __name__, description="Sales outcomes per rep and period")
#: 10,000 entries with every outcome field.
SYNC_BODY_LIMIT = 8 * 1024 * 1024
#: A figure: a number, or a string as the CSV would hold it ("41,5"), or null to clear.
FIGURE_TYPES = {"type": ["number", "string"]}  # allow_none adds "null"
OutcomeIn = Schema.from_dict(
    {
        "email": fields.String(required=True, validate=validate.Length(max=400)),
        "period_start": fields.String(
            required=True, validate=validate.Length(max=40), metadata={"format": "date"}
        ),
        "period_end": fields.String(
            required=True, validate=validate.Length(max=40), metadata={"format": "date"}
        ),
        **{m: fields.Raw(allow_none=True, metadata=FIGURE_TYPES) for m in MEASURE_IDS},
    },
    name="OutcomeIn",
)


class OutcomesIn(Schema):
    outcomes = fields.List(
        fields.Nested(OutcomeIn),
        required=True,
        validate=validate.Length(min=1, max=MAX_ENTRIES),
        metadata={
            "description": "One entry per rep and period: the outcome fields are the same "
            "in every entry; null clears a stored figure."
        },
    )


class OutcomesSaved(Schema):
    created = fields.Integer(required=True)
    replaced = fields.Integer(required=True)


class OutcomeOut(Schema):
    id = fields.Integer(required=True)
    rep_id = fields.Integer(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    round_id = fields.Integer(allow_none=True, required=True)
    figures = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True),
                          required=True)  # fmt: skip


class OutcomePage(Schema):
    data = fields.List(fields.Nested(OutcomeOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class OutcomeArgs(PageArgs):
    rep_id = fields.Integer(validate=validate.Range(min=1, max=LARGEST_ID))


@blueprint.before_request
def room_for_outcomes():
    if request.endpoint == "api_outcomes.sync_outcomes":
        request.max_content_length = SYNC_BODY_LIMIT


@blueprint.get("/outcomes")
@blueprint.arguments(OutcomeArgs, location="query")
@blueprint.response(200, OutcomePage)
@documented("read")
@api_scope("read")
def list_outcomes(args):
    """Stored outcomes, each with the round it is compared with; filter by rep."""
    query = select(Outcome).where(Outcome.organization_id == caller().organization_id)
    if args.get("rep_id"):
        query = query.where(Outcome.rep_id == args["rep_id"])
    page = page_of(query, Outcome, args)
    data = [
        {
            "id": row.id,
            "rep_id": row.rep_id,
            "period_start": row.period_start,
            "period_end": row.period_end,
            "round_id": row.round_id,
            "figures": {m: getattr(row, m) for m in MEASURE_IDS},
        }
        for row in page["data"]
    ]
    return {**page, "data": data}, next_link(page["next_cursor"])


@blueprint.post("/outcomes/sync")
@blueprint.arguments(OutcomesIn)
@blueprint.response(200, OutcomesSaved)
@documented("write")
@api_scope("write")
def sync_outcomes(body):
    """Store each rep's outcomes per period, matched by the rep's email: a rep and
    period already stored has the fields sent replaced. All or nothing: one bad entry
    and nothing is saved, every problem named by its place (`outcomes[3]`). The rules
    are the CSV import's (docs/outcomes.md)."""
    reps = dict(
        db_session()
        .execute(select(Rep.email, Rep.id).where(Rep.organization_id == caller().organization_id))
        .all()
    )
    found, errors = outcome_entries(body["outcomes"], reps, today=utcnow().date())
    if errors:
        raise ApiError(
            422, f"{len(errors)} problem(s); nothing was saved. Fix them and send all again.",
            errors=errors,
        )  # fmt: skip
    saved = save_outcomes(db_session(), caller().organization_id, found)
    return {"created": saved.created, "replaced": saved.replaced}
