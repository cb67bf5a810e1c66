"""The page that states what a button will do before it does it.

A button that cannot be taken back (close a round, revoke a link, archive a team…)
answers its first POST with a redirect to this page, a GET that never acts, so Back and
Reload never ask to send a form again; only the page's own button acts.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import redirect, render_template, request

from assess.web.manage.forms import ConfirmForm


def confirmed() -> bool:
    """Whether the request came from the confirmation page's own button (a POST)."""
    return request.method == "POST" and request.form.get("confirmed") == "yes"


def confirm_page(
    title: str,
    consequences: list[str],
    button: str | None,
    back: str,
    danger: bool = True,
    fields: dict[str, str] | None = None,
):
    """The page that states what a button will do before it does it (`fields`: what the
    first form carried, posted again with the confirmation). A button's first POST is
    sent here by a redirect, so the page itself is a GET. Without a `button`, the page
    says why there is nothing to do, and leads back."""
    if request.method == "POST":
        query = f"?{urlencode(fields)}" if fields else ""
        return redirect(request.path + query, 303)
    return render_template(
        "manage/confirm.html",
        title=title,
        consequences=[line for line in consequences if line],
        button=button,
        back=back,
        action=request.path,
        danger=danger,
        fields=fields or {},
        confirm=ConfirmForm(),
    )
