// Package classifier fits models on sparse feature vectors, gives class
// probabilities, and saves them in one self-describing model file.
//
// Conventions:
//   - Classes are indices 0..K-1 into a label set sorted by label name, so
//     the same training data always numbers classes the same way.
//   - X holds one features.Vector per document and y its class index.
//   - Every fitted model here is linear in the features: scores s = W x + b,
//     turned into probabilities by a link (softmax for naive Bayes,
//     normalised one-vs-rest sigmoids for logistic regression). Scoring is
//     the project's own sparse code whichever library trained the weights.
//   - A Model is not safe for concurrent Fit; Probs on a fitted model is.
//   - A column may carry a Calibration, a temperature fitted by Train on
//     the out-of-fold predictions of its cross-validation when the recipe
//     asks (Recipe.Calibrate). Predictor.Predict applies it to the
//     probabilities after choosing the label, so labels never change; the
//     prior given to empty texts is not rescaled.
//   - Cross-validation has one loop, CrossPredict: folds stratified on the
//     first label column, each fitted as Train would fit it, vocabulary
//     included. CrossValidate (the scores a model file keeps) and package
//     evaluate score its out-of-fold predictions.
//   - Train also records a Profile of the training data as the model sees
//     unseen text, measured on the held-out folds of that cross-validation:
//     the shift check (ShiftCounter, CheckShift) compares labelling input
//     with it, counts only, and says when the input is unlike it.
//   - A grouped TrainingSet (Groups: a thread, a target per document)
//     trains a model per group beside the pooled model on all documents
//     (GroupModel); Predictor.PredictGroup routes a document to its
//     group's model and gives probabilities over the pooled model's
//     labels, so that callers need not know which model answered. A group
//     not seen in training, or too small for a model, gets the pooled one.
//   - A recipe of Structure StructureTargetPolarity trains each column whose
//     labels are a target and a polarity (pro-X, anti-X, neutral, or
//     declared so in a schema file) as two linear models, one of the target
//     and one of the polarity shared by all targets (Structured); the
//     Predictor scores both parts with the other columns' weights and
//     combines them, so callers see one column of labels as before.
//   - TrainAdapted trains on an old comment set and a new one (a domain
//     per document) and labels as the new one: pooled, target-only,
//     instance-weighted or feature-augmented (Daumé III 2007), chosen by
//     cross-validation over the new documents with every old one in each
//     fit. The model file stores the new set's model alone (for
//     augmentation the shared weights plus the new set's copy), so
//     labelling needs nothing new; Bundle.Adapt records the comparison.
//   - TrainEM fits naive Bayes on labelled rows and unlabelled texts by
//     EM (Nigam et al. 2000), the unlabelled rows' weight chosen by
//     cross-validation over the labelled rows, 0 (plain naive Bayes)
//     among the candidates; Bundle.EM records the comparison.
package classifier
