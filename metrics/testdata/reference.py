#!/usr/bin/python3
"""Reference values for metrics/reference_test.go.

Run with Debian's scikit-learn (apt-get install -y python3-sklearn):

    /usr/bin/python3 metrics/testdata/reference.py

The fixture below must match refGold, refPred and refProbs in
metrics/reference_test.go item for item: if you change one, change the
other and retype the printed numbers into the test.

Fixture: 30 headline/body pairs in the four FNC-1 stance classes
0 = unrelated, 1 = discuss, 2 = agree, 3 = disagree. As in FNC-1,
"disagree" is the rare class and the classifier never predicts it.
probs holds the classifier's class probabilities (rows sum to 1, and the
argmax of each row is pred).
"""

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

LABELS = [0, 1, 2, 3]

gold = [0, 0, 1, 2, 0, 3, 1, 0, 2, 0, 1, 1, 3, 0, 2,
        0, 0, 1, 2, 3, 0, 1, 0, 2, 0, 1, 3, 0, 2, 1]
pred = [0, 0, 1, 2, 0, 2, 2, 0, 2, 1, 1, 0, 1, 0, 1,
        0, 0, 1, 2, 2, 0, 1, 0, 2, 2, 1, 0, 0, 0, 1]
probs = [
    [0.85, 0.08, 0.05, 0.02],
    [0.92, 0.04, 0.03, 0.01],
    [0.10, 0.70, 0.15, 0.05],
    [0.05, 0.20, 0.65, 0.10],
    [0.78, 0.12, 0.06, 0.04],
    [0.05, 0.25, 0.45, 0.25],
    [0.10, 0.38, 0.42, 0.10],
    [0.95, 0.03, 0.01, 0.01],
    [0.08, 0.22, 0.60, 0.10],
    [0.40, 0.45, 0.10, 0.05],
    [0.15, 0.62, 0.18, 0.05],
    [0.50, 0.35, 0.10, 0.05],
    [0.10, 0.40, 0.22, 0.28],
    [0.88, 0.07, 0.03, 0.02],
    [0.12, 0.48, 0.30, 0.10],
    [0.97, 0.01, 0.01, 0.01],
    [0.70, 0.20, 0.06, 0.04],
    [0.20, 0.55, 0.20, 0.05],
    [0.05, 0.15, 0.72, 0.08],
    [0.06, 0.24, 0.38, 0.32],
    [0.83, 0.10, 0.04, 0.03],
    [0.09, 0.81, 0.07, 0.03],
    [0.66, 0.25, 0.05, 0.04],
    [0.04, 0.16, 0.68, 0.12],
    [0.30, 0.25, 0.35, 0.10],
    [0.18, 0.58, 0.16, 0.08],
    [0.44, 0.20, 0.16, 0.20],
    [0.90, 0.05, 0.03, 0.02],
    [0.47, 0.21, 0.26, 0.06],
    [0.11, 0.74, 0.10, 0.05],
]

P = np.array(probs)
assert len(gold) == len(pred) == len(probs) == 30
assert np.allclose(P.sum(axis=1), 1)
assert list(P.argmax(axis=1)) == pred
assert 3 in gold and 3 not in pred

# Binary sub-fixture: related (1 = any class but unrelated) vs unrelated,
# with the positive-class probability 1 - P(unrelated).
y_bin = [int(g != 0) for g in gold]
p_bin = 1 - P[:, 0]


def show(name, value):
    print(f"{name} = {value!r}")


print(f"# sklearn {sklearn.__version__}, numpy {np.__version__}")
show("accuracy_score", accuracy_score(gold, pred))
p, r, f, s = precision_recall_fscore_support(gold, pred, labels=LABELS, zero_division=0)
for c in LABELS:
    print(f"class {c}: precision={p[c]!r} recall={r[c]!r} f1={f[c]!r} support={s[c]}")
for avg in ("macro", "micro", "weighted"):
    show(f"f1_score {avg}", f1_score(gold, pred, average=avg, zero_division=0))
# SemEval-style F_avg over a subset of classes: the unweighted mean of the
# F1 of exactly these classes (here agree, disagree).
show("f1_score labels=[2,3] macro",
     f1_score(gold, pred, labels=[2, 3], average="macro", zero_division=0))
show("cohen_kappa_score", cohen_kappa_score(gold, pred))
print('confusion_matrix normalize="true":')
for row in confusion_matrix(gold, pred, labels=LABELS, normalize="true"):
    print("  " + ", ".join(repr(float(v)) for v in row))
show("brier_score_loss (related vs unrelated)", brier_score_loss(y_bin, p_bin))

# Cross-checks computed here with numpy from the formulas (not sklearn).
onehot = np.eye(4)[gold]
show("numpy multi-class Brier", float(((P - onehot) ** 2).sum(axis=1).mean()))
B = 10
edges = np.arange(B + 1) / B
conf = P.max(axis=1)
b = np.minimum(np.searchsorted(edges, conf, side="right") - 1, B - 1)
right = P.argmax(axis=1) == np.array(gold)
ece = sum(
    (b == i).sum() / len(gold) * abs(right[b == i].mean() - conf[b == i].mean())
    for i in range(B)
    if (b == i).any()
)
show("numpy ECE (10 bins)", float(ece))
