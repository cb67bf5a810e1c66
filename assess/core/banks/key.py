"""A bank's scoring key, as a reader checks it: every situational and choice item with
each option's score and the reason for it (``why``), in survey order.

Printed by ``flask --app app banks key BANK_ID`` so that a reviewer can hold the key
against the coaching text without reading YAML.
"""

from __future__ import annotations

from assess.core.banks.bank import Bank


def scoring_key_lines(bank: Bank) -> list[str]:
    """The key of `bank` as plain-text lines (empty when it has no option items)."""
    lines = []
    for item in bank.items:
        if item.type not in ("situational", "choice"):
            continue
        lines.append(f"{item.id} ({item.type}, {item.competency or 'not scored'})")
        if item.scenario is not None:
            lines.append(f"  {bank.text(item.scenario)}")
        lines.append(f"  {bank.text(item.text)}")
        for option in sorted(item.options, key=lambda option: -option.score):
            lines.append(f"  {option.score:>5g}  {option.id}: {bank.text(option.text)}")
            if option.why is not None:
                lines.append(f"         why: {bank.text(option.why)}")
        lines.append("")
    return lines
