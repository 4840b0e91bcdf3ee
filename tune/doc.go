// Package tune searches training recipes by cross-validation: which model,
// regularisation, n-grams, weighting and class weights label a user's own
// annotations best.
//
// The search is successive halving (Jamieson and Talwalkar 2016; Li et
// al. 2018, "Hyperband") over the folds of one stratified k-fold
// cross-validation, the same folds `stance cv` deals: every candidate
// recipe is first scored on one fold; the best third go on to more folds,
// and the best third of those to all k. A candidate's score is the mean,
// over the folds it was scored on, of the mean macro-F1 of the label
// columns; ties go to the candidate met first, and the default recipe is
// always met first. Candidates come from a grid (Space) in an order shuffled
// by the seed.
//
// The budget is a number of fits (one recipe trained on one fold's
// training part). A time budget is turned into fits by timing the first
// fit; the fits a search used are recorded, so that the same data, seed
// and fits give the same choice.
//
// The score of the recipe chosen is optimistic: it is the best of many
// scored on the same folds. An honest estimate scores the whole search on
// folds it never saw (nested cross-validation: `stance cv -recipe auto`).
package tune
