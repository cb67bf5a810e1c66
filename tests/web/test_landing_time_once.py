"""A respondent's landing page says how long the survey takes once, under "How long",
not again in the bank's own instructions."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import link_path


@pytest.mark.parametrize("who", ["buyer_invitation", "self_invitation"])
def test_the_landing_states_the_time_once(client, request, who):
    invitation = request.getfixturevalue(who)
    page = client.get(link_path(invitation)).get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page)
    assert len(re.findall(r"\bminutes?\b", text)) == 1, text
    assert "How long" in text
