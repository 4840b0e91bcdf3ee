// Package seeds holds the five seed documents the project started from: the
// comment thread under "To End Syria's War, Help Assad's Officers Defect"
// (2016) and four news articles on defections. They are embedded so that
// `stance demo` runs with no files at hand.
package seeds
