// Package label streams records through a trained model: it reads rows from
// a data.Reader, predicts every label column on all cores, and writes each
// row back with its predictions appended, in input order.
//
// Conventions:
//   - Rows are documents, written out in the order they were read, whatever
//     the order the workers finish them in.
//   - The output header is the input header followed, for each label column
//     of the model in model order, by <col>, <col>_confidence and
//     <col>_note, and with Options.Probs by <col>_p_<label> for every label
//     in the model's (sorted) label order, each name after Options.Prefix;
//     see Header.
//   - Confidences and probabilities are written with four decimals, as
//     strconv.FormatFloat(p, 'f', 4, 64) gives them.
//   - An empty text is labelled from the training prior, and with
//     Options.TruncateText a text over Options.MaxTextBytes from its first
//     bytes; the row's <col>_note says so, beside any repair made while
//     reading it.
//   - A row whose words are under half known to the model is noted
//     NoteUnfamiliar, and Stats.Shift compares the input with the model's
//     training data (classifier.Shift, counted batch by batch, merged in
//     input order); ShiftLine and WriteShiftWarning render it. Models
//     without a profile note nothing and the check says it did not run.
//   - A model with groups labels each row by the model of its group (the
//     value of Options.Columns.Group), and a row of a group it has not
//     seen by the pooled model, noted in <col>_note.
//   - A row that cannot be read, or whose text is too long to label, stops
//     the run with an error carrying its position ("file:line: ..."). Rows
//     written before it stay, in order; the caller decides what to do with
//     partial output.
//   - Memory is bounded by the batches in flight, at most about 3 ×
//     Options.Workers + 1 batches of Options.Batch rows (one being read,
//     the queues to and from the workers, one per worker, and those waiting
//     for an earlier batch to be written), whatever the input size.
package label
