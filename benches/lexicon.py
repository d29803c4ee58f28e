#!/usr/bin/env python3
"""Writes src/lexicon/words.txt, the English lexicon `dossier suggest` embeds.

    apt-get download wamerican-small && dpkg-deb -x wamerican-small_*.deb w
    python3 benches/lexicon.py w/usr/share/dict/american-english-small

Keeps the lower-case words of four letters or more (SCOWL size 35: common words and
their inflections, no proper names), sorted, front-coded: each line is one character
saying how many leading letters the word shares with the one before ('0'-'9', then
'A' for 10, 'B' for 11, ...) and the letters that follow. Licence: src/lexicon/COPYING.
"""

import re
import sys

words = sorted({w.strip() for w in open(sys.argv[1], encoding="utf-8") if re.fullmatch(r"[a-z]{4,}", w.strip())})
out, prev = [], ""
for w in words:
    k = 0
    while k < min(len(w), len(prev)) and w[k] == prev[k]:
        k += 1
    out.append((chr(ord("0") + k) if k < 10 else chr(ord("A") + k - 10)) + w[k:])
    prev = w
with open("src/lexicon/words.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print(len(words), "words")
