"""The demo owner's "Make this instance yours": the demo goes, a real organization
with a new owner account starts empty (`services.demo_handover`)."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length

from assess.models import utcnow
from assess.platform.db import db_session
from assess.platform.transaction import commit
from assess.services.accounts import AccountError
from assess.services.demo_handover import hand_over, is_demo, remove_files
from assess.web.auth.forms import SetPasswordForm
from assess.web.manage import blueprint
from assess.web.scoping import owner_only


class HandoverForm(SetPasswordForm):
    """Who takes the instance over; the password pair (and its rules) is the one every
    new password in Candor is chosen with."""

    organization_name = StringField(
        "Your organization's name", validators=[DataRequired(), Length(max=200)]
    )
    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        "Your email (you sign in with it)", validators=[DataRequired(), Email(), Length(max=254)]
    )
    confirmed = StringField(
        "Type DELETE THE DEMO to confirm",
        validators=[DataRequired(message="Type DELETE THE DEMO.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.password.label.text = "A password"
        self.confirm.label.text = "The password again"


CONFIRM_WORDS = "DELETE THE DEMO"


@blueprint.route("/handover", methods=["GET", "POST"])
@owner_only
def handover():
    """The demo organization's owner gets the form; any other owner a page saying
    their organization is not the demo (a manager gets 403, like every owner page)."""
    demo = current_user.organization
    form = HandoverForm()
    if not is_demo(demo):  # nothing to hand over: say so, change nothing
        return render_template("manage/handover.html", form=form, words=CONFIRM_WORDS, demo=False)
    if form.validate_on_submit():
        if form.confirmed.data.strip().upper() != CONFIRM_WORDS:
            form.confirmed.errors.append(f"Type {CONFIRM_WORDS} (in capitals) to confirm.")
        else:
            database = db_session()
            try:
                owner, files = hand_over(
                    database,
                    demo,
                    organization_name=form.organization_name.data.strip(),
                    name=form.name.data,
                    email=form.email.data,
                    password=form.password.data,
                )
            except AccountError as error:
                form.email.errors.append(f"Nothing was changed: {error}")
            else:
                owner.last_login_at = utcnow()  # signed in from here on: not "never"
                commit(database)
                remove_files(files)
                session.clear()
                login_user(owner)
                flash(
                    f"The demo is gone. Welcome to Candor, {owner.name}: start with a team.",
                    "success",
                )
                return redirect(url_for("manage.teams"))
    return render_template("manage/handover.html", form=form, words=CONFIRM_WORDS, demo=True)
