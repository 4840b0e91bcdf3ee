package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/stance-nlp/stance/evaluate/result"
)

// WriteRuleCheck writes c as aligned plain-text tables: each rule's
// coverage and overlap, the rows each phrase matches, then per label
// column the rows each rule fires on per gold label with its precision,
// base rate and recall towards the labels it names. Ratios have three
// decimals, and "-" stands where one is undefined (a rule naming no label
// of the column, or never firing).
func WriteRuleCheck(w io.Writer, c *result.RuleCheck) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Rules from %s on %s: %d rows, %d (%s) with a rule firing\n\n", oneLine(c.Rules), oneLine(c.Data), c.Rows, c.Covered, percent(c.Covered, c.Rows))

	tw := newTabWriter(bw)
	tw.Write([]byte(indent + "rule\tphrases\tcoverage\t\toverlap\tphrases never matched\t\n"))
	for _, s := range c.Stats {
		never := 0
		for _, n := range s.Phrase {
			if n == 0 {
				never++
			}
		}
		fmt.Fprintf(tw, "%s%s\t%d\t%d\t%s\t%d\t%d\t\n", indent, s.Rule, s.Phrases, s.Coverage, percent(s.Coverage, c.Rows), s.Overlap, never)
	}
	tw.Flush()
	bw.WriteString("\n" + indent + "Rows each phrase matches (rule: phrase rows, ...):\n")
	for _, s := range c.Stats {
		parts := make([]string, len(s.Phrase))
		for i, n := range s.Phrase {
			parts[i] = strconv.Itoa(n)
		}
		bw.WriteString(indent + indent + s.Rule + ": " + strings.Join(parts, " ") + "\n")
	}
	for _, col := range c.Columns {
		bw.WriteString("\n")
		head := indent + oneLine(col.Column) + "\t"
		rows := indent + "rows\t"
		for j, l := range col.Labels {
			head += oneLine(l) + "\t"
			rows += strconv.Itoa(col.Support[j]) + "\t"
		}
		tw := newTabWriter(bw)
		tw.Write([]byte(head + "precision\tbase\trecall\tnames\t\n"))
		tw.Write([]byte(rows + "\t\t\t\t\n"))
		for _, r := range col.Rules {
			line := indent + r.Rule + "\t"
			for _, n := range r.Fires {
				line += strconv.Itoa(n) + "\t"
			}
			names := strings.Join(r.Names, ",")
			if names == "" {
				names = "(none)"
			}
			line += ratio3(r.Precision) + "\t" + ratio3(r.Base) + "\t" + ratio3(r.Recall) + "\t" + oneLine(names) + "\t\n"
			tw.Write([]byte(line))
		}
		tw.Flush()
	}
	return bw.Flush()
}

func percent(a, b int) string {
	if b == 0 {
		return "-"
	}
	return strconv.FormatFloat(100*float64(a)/float64(b), 'f', 1, 64) + "%"
}

func ratio3(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}
