#!/usr/bin/env python3
"""Writes the CSV manifests of the fine-tuning experiment (docs/experiments/own-data.md).

For each TESS speaker: an adaptation set of 25 clips per label (drawn with seed 16) and a held-out
set of the rest, as `path,label,speaker,gender,sentence` CSVs, the way a user brings their own clips.
Only file names are read; no audio is copied.

usage: tess_manifests.py TESS_DIR OUT_DIR
"""
import csv
import os
import random
import re
import sys

# the two files the issue says are not originals, and the one whose name breaks the scheme
LEFT_OUT = {"OAF_angry/OAF_back_angry.wav", "YAF_sad/YAF_beg_sad.wav", "OAF_neutral/OA_bite_neutral.wav"}
NAME = re.compile(r"^(OAF|YAF)_([a-z]+)_(angry|disgust|fear|happy|neutral|ps|sad)\.wav$", re.IGNORECASE)
LABEL = {"ps": "pleasant_surprise"}
PER_LABEL = 25


def main(tess, out):
    clips = []
    for folder in sorted(os.listdir(tess)):
        for name in sorted(os.listdir(os.path.join(tess, folder))):
            rel = folder + "/" + name
            if rel in LEFT_OUT:
                continue
            m = NAME.match(name)
            if not m:
                raise SystemExit(f"{rel}: not a TESS name")
            emotion = m.group(3).lower()
            clips.append((os.path.abspath(os.path.join(tess, rel)), LABEL.get(emotion, emotion), m.group(1).upper(),
                          m.group(2).lower()))
    os.makedirs(out, exist_ok=True)
    rng = random.Random(16)
    for speaker in ("OAF", "YAF"):
        mine = [c for c in clips if c[2] == speaker]
        adapt = []
        for label in sorted({c[1] for c in mine}):
            group = [c for c in mine if c[1] == label]
            adapt += rng.sample(group, PER_LABEL)
        chosen = set(adapt)
        held = [c for c in mine if c not in chosen]
        for part, rows in (("adapt", adapt), ("heldout", held)):
            path = os.path.join(out, f"tess-{speaker.lower()}-{part}.csv")
            with open(path, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["path", "label", "speaker", "gender", "sentence"])
                for p, label, s, word in sorted(rows):
                    w.writerow([p, label, s, "female", word])
            print(f"{path}: {len(rows)} clips")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
