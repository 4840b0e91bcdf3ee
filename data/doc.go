// Package data reads and writes the records that feed the stance pipeline
// (data -> features -> classifier).
//
// Conventions:
//
//   - Readers stream. A Reader holds at most one record in memory (a
//     ThreadReader holds one comment, or the whole text of an article), so
//     inputs of any size can be processed. Lines of any length are accepted.
//   - Every Reader has a fixed header, known before the first Read, and every
//     Record has exactly one field per header column, in header order.
//     Read returns io.EOF after the last record.
//   - Line numbers are 1-based. Record.Line is the line of the source file
//     where the record starts (for a thread comment, its header line), so a
//     record with quoted newlines is found where it begins. ParseError.Line
//     is the line where the problem was found.
//   - Malformed input is reported as a *ParseError carrying the file name and
//     line, formatted "file:line: msg" like encoding/csv. A *ParseError is
//     about one record only: a later Read continues with the next record, so
//     callers may skip bad rows. Any other error (I/O) is sticky: every later
//     Read returns it again.
//   - A leading UTF-8 byte order mark is stripped and CRLF line endings are
//     accepted by every reader. Open and OpenWith also read gzip input
//     decompressed and UTF-16 with a byte order mark decoded (said in
//     Diagnostics.Decoded), and refuse a workbook or zip archive by its
//     first bytes (ErrNotText) rather than parse it as text.
//   - A CSV header that ends in empty names, as a spreadsheet's trailing
//     separator leaves it ("id,text,"), loses them; a row with a value
//     under one is a *ParseError.
//   - No input row is dropped silently: each becomes a record or a
//     *ParseError. Blank lines are not rows (encoding/csv skips them in CSV,
//     and so does the JSONL reader), nor is the title and preamble of a
//     comment thread. An article page drops its menus, link lists,
//     prompts and captions by documented rules (see ThreadReader), and
//     counts them (ThreadReader.Dropped).
//   - RunIDs makes the ids of the inputs of one run unique:
//     "<source>:c001" for the documents of threads and article pages,
//     whose own ids restart in every file.
//   - Every field a Reader returns is valid UTF-8. Invalid bytes are kept as
//     U+FFFD rather than rejected; the record says so in Record.Notes, and
//     the Reader counts it in its Diagnostics (every Reader is a Diagnoser).
//   - Open and OpenWith sniff the CSV separator from the header line unless
//     it is given or the file is .tsv; OpenWith can also let CSV rows with
//     the wrong number of fields through (Options.Lenient).
//   - The canonical columns are id, source, author, location, text (see
//     CanonicalColumns). Canonicalize maps any Reader onto them; the output
//     of a canonicalized Reader written with Writer reads back unchanged.
//   - Output is written through an AtomicFile so a failed run never leaves a
//     half-written file behind; WriteFileSet does the same for a set of
//     files that must match each other (a report and its charts). A failed
//     write is an *OutputError naming the output. CheckOutput refuses an
//     output that would overwrite an input, by inode or resolved path.
//   - A Writer over a FormulaGuard counts, or neutralizes with a leading
//     quote, the cells a spreadsheet would run as formulas.
package data
