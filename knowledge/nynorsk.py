"""Nynorsk → bokmål for the lexical search, from a word table made once by Apertium.

The theses are in bokmål; a nynorsk question («Korleis kan eg som leiar byggje tillit hjå dei
tilsette?») shares few word forms with them, and Snowball stems the two standards differently.
The lexical search only needs the question's words that the theses contain, so instead of running
Apertium's translator (eleven programs, ~330 MB resident, for every Norwegian question) the
server looks the words up in ``wordlists/nynorsk-bokmal.json``, which ``nynorsk_table.py`` makes
with Apertium's ``nno-nob`` pair from the theses' own vocabulary:

* ``forms``: a nynorsk word form → the bokmål form Apertium translates it to («leiar» → «leder»,
  «innbyggjarane» → «innbyggerne», «tilsette» → «ansatte»);
* ``stems``: Snowball's stem of such a nynorsk form → the same bokmål form, for an inflection of
  the word the table does not hold («løysinga», from «løysingar» → «løsninger»). Only stems that
  are no stem of the theses' own words, so a bokmål word is never replaced.

Everything else is left as written: the dense model reads nynorsk on its own, and a word the
theses do not contain cannot match them in either standard.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .lexical import _WORD, _stemmer

# The stem fallback only for words this long: short nynorsk words («ho», «eg», «dei») are in the
# forms table when they matter, and a short stem says too little to guess from.
MIN_STEM_FALLBACK_CHARS = 5


@dataclass(frozen=True)
class NynorskWords:
    forms: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "NynorskWords":
        table = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(forms=table["forms"], stems=table["stems"])

    def bokmal_word(self, word: str) -> str | None:
        low = word.casefold()
        found = self.forms.get(low)
        if found is None and len(low) >= MIN_STEM_FALLBACK_CHARS:
            found = self.stems.get(_stemmer().stemWord(low))
        return found

    def translate(self, text: str) -> str:
        """``text`` with every word the table knows in its bokmål form; the rest as written."""
        def swap(m: re.Match) -> str:
            word = m.group(0)
            bokmal = self.bokmal_word(word)
            if bokmal is None:
                return word
            return bokmal[0].upper() + bokmal[1:] if word[0].isupper() else bokmal
        return _WORD.sub(swap, text)
