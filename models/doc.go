// Package models ships the default model: default.model, trained by
// `make model` on data/syria-comments.csv with the default recipe. It is
// embedded so that `stance label` works with no model file at hand.
package models
