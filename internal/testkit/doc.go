// Package testkit holds what the tests of several packages share: the
// annotated seed corpus, realistic comments made from it for benchmarks,
// a small corpus of threads for the models by group, and a TestMain for
// tests that train with golearn. Only tests import it.
//
// Helpers take a testing.TB and fail it on any error, so a test needs no
// error handling of its own.
package testkit
