package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes r as JSON indented by two spaces, with a trailing
// newline. Its Schema must be SchemaVersion; a Schema of 0 is written as
// SchemaVersion, on a copy, so that rendering never changes r. Nothing is
// written when r cannot be encoded (a NaN score, say).
func WriteJSON(w io.Writer, r *Report) error {
	if err := check(r); err != nil {
		return err
	}
	c := *r
	switch c.Schema {
	case 0:
		c.Schema = SchemaVersion
	case SchemaVersion:
	default:
		return fmt.Errorf("report: schema %d, this version writes schema %d", c.Schema, SchemaVersion)
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
