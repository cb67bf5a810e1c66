"""The API's request and response shapes (marshmallow): the OpenAPI document is made
from these, and every answer is serialized through them, so the two cannot drift."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from assess.models import INVITATION_STATUSES
from assess.models.results import REPORT_KINDS
from assess.web.api.paging import MAX_LIMIT
from assess.web.converters import LARGEST_ID

#: What a round is: an assessment, or a coaching plan's pulse (`services.round_kinds`).
ROUND_KINDS = ("assessment", "pulse")


class Problem(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    instance = fields.String()
    errors = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": "Each field that is wrong: {field, message}."},
    )


class PageArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(
        load_default=50, validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Rows per page, 1 to {MAX_LIMIT}."},
    )  # fmt: skip
    cursor = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "`next_cursor` of the previous page, as given."},
    )


class TeamOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    archived = fields.Boolean(required=True, attribute="archived")
    created_at = fields.DateTime(required=True)


class TeamPage(Schema):
    data = fields.List(fields.Nested(TeamOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class RepArgs(PageArgs):
    team_id = fields.Integer(validate=validate.Range(min=1, max=LARGEST_ID))
    email = fields.String(validate=validate.Length(max=254))


class RepOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    team_id = fields.Integer(required=True)
    archived = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class RepPage(Schema):
    data = fields.List(fields.Nested(RepOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class RepIn(Schema):
    name = fields.String(required=True, validate=validate.Length(max=400))
    email = fields.String(required=True, validate=validate.Length(max=400))
    team = fields.String(required=True, validate=validate.Length(max=400))


class RepSyncIn(Schema):
    reps = fields.List(
        fields.Nested(RepIn), required=True, validate=validate.Length(min=1, max=10_000),
        metadata={"description": "Every rep to create or update, matched by email."},
    )  # fmt: skip
    archive_missing = fields.Boolean(
        load_default=False,
        metadata={"description": "Archive the active reps this list does not name."},
    )


class RepSyncOut(Schema):
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    archived = fields.Integer(required=True)
    teams_created = fields.List(fields.String(), required=True)


class RoundArgs(PageArgs):
    team_id = fields.Integer(validate=validate.Range(min=1, max=LARGEST_ID))
    status = fields.String(validate=validate.OneOf(("draft", "open", "closed")))
    kind = fields.String(validate=validate.OneOf(ROUND_KINDS))


class RoundOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(ROUND_KINDS),
        metadata={"description": "assessment, or pulse: a coaching plan's short re-measurement"},
    )
    team_id = fields.Integer(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("draft", "open", "closed")))
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)
    banks = fields.List(fields.String(), required=True)
    closed_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class RoundPage(Schema):
    data = fields.List(fields.Nested(RoundOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class RoundIn(Schema):
    team_id = fields.Integer(required=True, validate=validate.Range(min=1, max=LARGEST_ID))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    banks = fields.List(
        fields.String(validate=validate.Length(max=80)), validate=validate.Length(max=20),
        metadata={"description": "Bank ids; left out: the self-assessments, the buyers' "
                  "survey and the manager's review, as the page ticks them."},
    )  # fmt: skip
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)


class PersonIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.String(required=True, validate=validate.Length(max=254))


class LaunchIn(Schema):
    marketing = fields.List(fields.Nested(PersonIn), load_default=list,
                            validate=validate.Length(max=200))  # fmt: skip
    operations = fields.List(fields.Nested(PersonIn), load_default=list,
                             validate=validate.Length(max=200))  # fmt: skip


class LaunchOut(Schema):
    round = fields.Nested(RoundOut, required=True)
    invitations = fields.Integer(required=True)
    warnings = fields.List(fields.String(), required=True)


class InvitationOut(Schema):
    id = fields.Integer(required=True)
    rep_id = fields.Integer(allow_none=True, required=True)
    bank = fields.String(required=True)
    role = fields.String(required=True)
    name = fields.String(allow_none=True, required=True)
    status = fields.String(required=True, validate=validate.OneOf(INVITATION_STATUSES))
    link = fields.String(
        allow_none=True,
        metadata={"description": "The survey link, to write tokens only, and only while the "
                  "round board would show it (never for a buyer once mail is set up)."},
    )  # fmt: skip


class InvitationPage(Schema):
    data = fields.List(fields.Nested(InvitationOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ScoreOut(Schema):
    score = fields.Float(required=True)
    band = fields.String(allow_none=True)
    band_certain = fields.Boolean(allow_none=True)
    interval = fields.List(fields.Float(), allow_none=True)
    raters = fields.Integer(allow_none=True)


class CompetencyOut(Schema):
    id = fields.String(required=True)
    bank = fields.String(required=True)
    name = fields.String(required=True)
    combined = fields.Nested(ScoreOut, allow_none=True)
    groups = fields.Dict(keys=fields.String(), values=fields.Nested(ScoreOut), required=True)


class ReferralOut(Schema):
    answered = fields.Integer(required=True)
    band = fields.String(required=True, validate=validate.OneOf(("most", "middle", "few")))
    label = fields.String(required=True)


class ResultOut(Schema):
    round_id = fields.Integer(required=True)
    rep_id = fields.Integer(required=True)
    rep_name = fields.String(required=True)
    verdict = fields.String(allow_none=True, required=True)
    overall = fields.Dict(keys=fields.String(), values=fields.Nested(ScoreOut), required=True)
    competencies = fields.List(fields.Nested(CompetencyOut), required=True)
    buyers_answered = fields.Integer(allow_none=True, required=True)
    buyer_comments = fields.List(fields.String(), required=True)
    referral = fields.Nested(ReferralOut, allow_none=True, required=True)


class ResultPage(Schema):
    data = fields.List(fields.Nested(ResultOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ReportOut(Schema):
    id = fields.Integer(required=True)
    round_id = fields.Integer(required=True)
    rep_id = fields.Integer(allow_none=True, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(REPORT_KINDS))
    reader = fields.String(required=True, validate=validate.OneOf(("rep", "manager")))
    status = fields.String(required=True)
    progress = fields.Integer(required=True)
    size_bytes = fields.Integer(allow_none=True, required=True)
    finished_at = fields.DateTime(allow_none=True, required=True)
    pdf = fields.String(
        allow_none=True, required=True, metadata={"description": "The PDF's address once done."}
    )


class ReportPage(Schema):
    data = fields.List(fields.Nested(ReportOut), required=True)
    next_cursor = fields.String(allow_none=True, required=True)
