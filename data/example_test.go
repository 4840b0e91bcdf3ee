package data_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/stance-nlp/stance/data"
)

// Read an annotated CSV with its text, id and label columns picked out.
// The same call reads JSONL (data.FormatJSONL) and comment threads.
func ExampleReadRows() {
	in := "comment_id,body,stance\n" +
		"c1,\"Help the officers defect, and the regime cracks.\",pro-defection\n" +
		"c2,Stay out of it.,anti-intervention\n"
	r, err := data.Open(strings.NewReader(in), "comments.csv", data.FormatAuto)
	if err != nil {
		panic(err)
	}
	cols := data.Columns{Text: "body", ID: "comment_id", Labels: []string{"stance"}}
	rows, err := data.ReadRows(r, "comments.csv", cols, data.RequireText)
	if err != nil {
		panic(err)
	}
	for _, row := range rows {
		fmt.Printf("line %d %s %s: %s\n", row.Line, row.ID, row.Labels[0], row.Text)
	}
	// Output:
	// line 2 c1 pro-defection: Help the officers defect, and the regime cracks.
	// line 3 c2 anti-intervention: Stay out of it.
}

// A comment thread as scraped from a page: a title, a meta line, then
// comments each under a "Name (Location)" header.
func ExampleThreadReader() {
	thread := "To End Syria's War\nFeb 03, 2016 · 2 comments\n" +
		"Ann (Oslo)\nDefection is the only way out.\n" +
		"Bo (Lyon)\nNo more wars.\n"
	r := data.NewThreadReader(strings.NewReader(thread), "thread.txt")
	fmt.Println(r.Header())
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		fmt.Printf("%d: %q\n", rec.Line, rec.Fields)
	}
	// Output:
	// [id source author location text]
	// 3: ["c001" "thread" "Ann" "Oslo" "Defection is the only way out."]
	// 5: ["c002" "thread" "Bo" "Lyon" "No more wars."]
}

// A missing column is a *ColumnError that names what the file has, and the
// near miss when a column differs only in case or spaces.
func ExampleColumnError() {
	r, _ := data.Open(strings.NewReader("id,Text \n1,hi\n"), "in.csv", data.FormatCSV)
	_, err := data.NewColumnReader(r, "in.csv", data.DefaultColumns(), data.RequireText)
	fmt.Println(err)
	// Output:
	// in.csv: no text column "text"; columns are: "id", "Text "; did you mean "Text "?
}
