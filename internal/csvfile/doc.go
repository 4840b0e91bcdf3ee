// Package csvfile loads small CSV files whose columns are found by their
// header names: the seed corpus for benchmark text and tests, the
// benchmark harness's results for its chart. Input goes through
// data.CSVReader, so these files are read by the same rules as the
// pipeline's own input (BOM, CRLF, errors as "file:line: ...").
package csvfile
