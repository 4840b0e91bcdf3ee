#!/usr/bin/python3
"""Generate benchmark inputs for scripts/bench.sh by recombining SST-2
sentences (read from ../shared, never copied into the repository) with
sentences of the seed comments (data/syria-comments.csv).

  gencorpus.py comments N OUT.csv      N unlabelled comments: id,source,author,location,text
  gencorpus.py labelled N OUT.csv      N comments with stance,sentiment labels (see below)
  gencorpus.py sst2-train OUT.csv OUT.ft   SST-2 train as CSV (text,sentiment) and fastText format

A comment is 1 to 3 sentences: SST-2 sentences (detokenised: "wo n't" ->
"won't", " ," -> ",") and/or sentences cut from one seed comment, in random
order. Labelled comments always hold 1 or 2 sentences of one seed comment
(plus 0 to 2 SST-2 sentences) and take that seed comment's stance and
sentiment labels. Deterministic: the same seed gives the same file.
"""
import csv
import random
import re
import sys

SST2 = None
SEEDS = None


def detok(s):
    s = s.strip()
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r" ([,.;:!?%])", r"\1", s)
    s = s.replace("-lrb- ", "(").replace(" -rrb-", ")")
    s = s.replace("`` ", '"').replace(" ''", '"')
    return s[:1].upper() + s[1:]


def load(sst_dir, seeds_csv):
    global SST2, SEEDS
    SST2 = []
    with open(sst_dir + "/stsa.binary.train", encoding="utf-8") as f:
        for line in f:
            lab, _, text = line.partition(" ")
            SST2.append((int(lab), detok(text)))
    SEEDS = []
    with open(seeds_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sents = [s for s in re.split(r"(?<=[.!?])\s+", row["text"].replace("\n", " ")) if len(s) > 3]
            if sents:
                SEEDS.append((row, sents))


def comments(n, out, labelled, seed=1):
    rnd = random.Random(seed)
    w = csv.writer(out, lineterminator="\n")
    cols = ["id", "source", "author", "location", "text"]
    if labelled:
        cols += ["stance", "sentiment"]
    w.writerow(cols)
    for i in range(n):
        row, sents = rnd.choice(SEEDS)
        parts = []
        r = rnd.random()
        if labelled or r < 0.3:
            k = rnd.randint(1, min(2, len(sents)))
            j = rnd.randrange(len(sents) - k + 1)
            parts += sents[j:j + k]
        m = rnd.choice((0, 1, 1, 2)) if labelled else (1 if r < 0.3 else rnd.choice((1, 1, 1, 2, 2, 3)))
        parts += [rnd.choice(SST2)[1] for _ in range(m)]
        rnd.shuffle(parts)
        rec = ["b%07d" % (i + 1), "bench", row["author"], row["location"], " ".join(parts)]
        if labelled:
            rec += [row["stance"], row["sentiment"]]
        w.writerow(rec)


def sst2_train(csv_path, ft_path):
    with open(csv_path, "w", encoding="utf-8", newline="") as c, open(ft_path, "w", encoding="utf-8") as f:
        w = csv.writer(c, lineterminator="\n")
        w.writerow(["id", "text", "sentiment"])
        for i, (lab, text) in enumerate(SST2):
            name = "positive" if lab == 1 else "negative"
            w.writerow(["s%05d" % (i + 1), text, name])
            f.write("__label__%s %s\n" % (name, text.replace("\n", " ")))


def main():
    import os
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sst_dir = os.environ.get("SST2_DIR", os.path.join(root, "..", "shared", "benchmarks", "sst2"))
    load(sst_dir, os.path.join(root, "data", "syria-comments.csv"))
    cmd = sys.argv[1]
    if cmd in ("comments", "labelled"):
        with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
            comments(int(sys.argv[2]), out, cmd == "labelled")
    elif cmd == "sst2-train":
        sst2_train(sys.argv[2], sys.argv[3])
    else:
        sys.exit("gencorpus.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
