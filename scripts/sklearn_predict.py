#!/usr/bin/python3
"""The scikit-learn peer of scripts/bench.sh: a TF-IDF (word 1- and
2-grams) + LogisticRegression pipeline.

  sklearn_predict.py train TRAIN.csv MODEL.pkl    fit on columns text, sentiment
  sklearn_predict.py predict MODEL.pkl IN.csv OUT.csv

predict streams IN.csv in chunks of 20,000 rows (so memory stays bounded,
as for stance label) and writes id, label and the label's probability.
"""
import csv
import pickle
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

csv.field_size_limit(1 << 30)
CHUNK = 20000


def train(train_csv, model_path):
    texts, labels = [], []
    with open(train_csv, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            texts.append(row["text"])
            labels.append(row["sentiment"])
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(max_iter=1000))
    pipe.fit(texts, labels)
    with open(model_path, "wb") as f:
        pickle.dump(pipe, f)


def predict(model_path, in_csv, out_csv):
    with open(model_path, "rb") as f:
        pipe = pickle.load(f)
    classes = pipe.classes_
    with open(in_csv, encoding="utf-8", newline="") as f, open(out_csv, "w", encoding="utf-8", newline="") as o:
        r = csv.reader(f)
        header = next(r)
        ti, ii = header.index("text"), header.index("id")
        w = csv.writer(o, lineterminator="\n")
        w.writerow(["id", "sentiment", "sentiment_confidence"])

        def flush(ids, texts):
            p = pipe.predict_proba(texts)
            k = p.argmax(axis=1)
            w.writerows(zip(ids, classes[k], ("%.4f" % x for x in p[range(len(k)), k])))

        ids, texts = [], []
        for row in r:
            ids.append(row[ii])
            texts.append(row[ti])
            if len(texts) == CHUNK:
                flush(ids, texts)
                ids, texts = [], []
        if texts:
            flush(ids, texts)


if __name__ == "__main__":
    if sys.argv[1] == "train":
        train(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "predict":
        predict(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: sklearn_predict.py train TRAIN.csv MODEL.pkl | predict MODEL.pkl IN.csv OUT.csv")
