// Package active chooses which comments to label next: the
// model-in-the-loop part of annotation (stance annotate) and of the
// active-learning simulation (cmd/simulate).
//
// Conventions:
//   - A pool item is identified by its index. Orders are slices of those
//     indices; the pool passed in is never modified.
//   - The model speaks through each item's class probabilities, reduced to
//     one number, the Margin between the two most probable classes: the
//     smaller, the less sure the model.
//   - Orders are deterministic: ties go by index, and Random is a shuffle
//     seeded by the caller, so the same inputs give the same order.
package active
