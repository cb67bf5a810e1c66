"""The marker language: every message and every bank text wrapped in ⟦ ⟧.

A page rendered in it shows at a glance what was translated: whatever is left outside
the markers — but for names people typed and the product's name — is a text that never
went through a catalogue or a bank's translations, so a Spanish reader would meet it in
English. Built from the catalogues' own extraction (`babel.cfg`) and the shipped banks,
so a text added tomorrow is checked tomorrow without a list to keep.

The language's code is ``eo`` (Esperanto's, which Candor does not ship): the catalogues
and the banks accept any real language code, and Babel formats its dates.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from assess.core.banks import Bank, bank_from_dict
from assess.core.i18n.catalogs import SHIPPED_DIR

MARKER = "eo"
OPEN, CLOSE = "⟦", "⟧"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYBABEL = Path(sys.executable).with_name("pybabel")


def extracted_messages() -> Catalog:
    """Every message the code and templates mark, as `make messages` finds them."""
    handle, name = tempfile.mkstemp(suffix=".pot")
    os.close(handle)
    target = Path(name)
    subprocess.run(
        [str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "-k", "_", "-k", "gettext",
         "-k", "ngettext:1,2", "-k", "N_", "--no-wrap", "-o", str(target), "."],
        cwd=PROJECT_ROOT, check=True,
    )  # fmt: skip
    try:
        with target.open("rb") as handle:
            return read_po(handle)
    finally:
        target.unlink()


def write_marker_catalogues(directory: Path) -> Path:
    """`directory` with the shipped catalogues and the marker language's (compiled)."""
    shutil.copytree(
        SHIPPED_DIR, directory, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.pot")
    )
    catalog = Catalog(locale=MARKER, project="Candor marker language")
    for message in extracted_messages():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(OPEN + form + CLOSE for form in (*message.id, message.id[1]))[:2]
        else:
            string = OPEN + message.id + CLOSE
        catalog.add(message.id, string, flags=message.flags)
    folder = directory / MARKER / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return directory


def marker_bank(bank: Bank) -> Bank:
    """`bank` with every text also in the marker language: ⟦the English⟧."""
    content = copy.deepcopy(bank.to_dict())

    def mark(node):
        if isinstance(node, dict):
            if "en" in node and all(isinstance(value, str) for value in node.values()):
                node[MARKER] = OPEN + node["en"] + CLOSE
                return
            for value in node.values():
                mark(value)
        elif isinstance(node, list):
            for value in node:
                mark(value)

    mark(content)
    content["locales"] = sorted({*content["locales"], MARKER})
    content["version"] = f"{content['version']}-{MARKER}"
    return bank_from_dict(content)


MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WORD = re.compile(r"[^\W\d_]{2,}")


def unmarked_words(text: str, allowed: set[str]) -> list[str]:
    """The words of `text` outside every ⟦ ⟧ (a message may hold another, a bank title
    in a sentence), but for `allowed` (names, the brand) and email addresses (typed by
    people too)."""
    text = EMAIL.sub(" ", text)
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, " ")
    while True:  # innermost first
        stripped = MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    return WORD.findall(text)


#: The visible text of a page and the texts a screen reader announces: every text node
#: shown (not in <script>, <style>, a hidden element or a form field's own value), and
#: aria-label, title, placeholder and alt — outside elements written in another
#: language on purpose (a language's own name in the language switch).
VISIBLE_TEXT = """
() => {
  const lang = document.documentElement.lang;
  const out = [];
  const foreign = el => { const own = el.closest('[lang]'); return own && own.lang !== lang; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'TEXTAREA', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!node.textContent.trim() || foreign(el)) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    if (foreign(el)) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr); if (value) out.push(value);
    }
  }
  out.push(document.title);
  return out;
}
"""


def page_unmarked(page, allowed: set[str]) -> list[str]:
    """The words of `page` left outside the markers, each with a text it is in.

    The visible texts are read in document order as one text, so a message that holds
    markup (a name in <strong>) is one marked run, as a reader reads it."""
    texts = page.evaluate(VISIBLE_TEXT)
    left = unmarked_words("\n".join(texts), allowed)
    return [
        f"{word!r} in {next((text for text in texts if word in text), '?')!r}"
        for word in dict.fromkeys(left)
    ]
