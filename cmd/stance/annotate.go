package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/annotate"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
)

func cmdAnnotate() *command {
	return &command{
		Name:       "annotate",
		OwnSignals: true,
		UsageLine:  "annotate [flags] -data file -store dir | annotate export [flags] -data file -store dir",
		Short:      "hand-label comments in the browser, with the model in the loop",
		Golearn:    true,
		Long: `
Annotate serves a local web page for labelling comments one at a time:
label buttons with keyboard shortcuts, the codebook at hand, skip, undo,
history, progress. The current model's suggestion is pre-selected (Enter
accepts); the queue puts the comments the model is least sure of first
(-order), and the model retrains in the background every -retrain-every
labels or on demand. Several annotators can work at once; -double sends a
share of the comments to two of them, and the page shows Cohen's kappa and
the disagreements to adjudicate.

Every label is appended to a journal in -store and synced to disk before the
page is told it was saved: killing the server loses no acknowledged label,
and a restart resumes. "stance annotate export" writes the annotations as a
CSV that "stance train" reads (-annotator for one annotator's labels, for
"stance agree").

The server listens on 127.0.0.1 unless -addr says otherwise, and then needs
-token, which the page must be opened with once (?token=...).

The label schema is the model's label columns unless -labels gives one:
-labels 'stance=pro,anti,neutral;sentiment=negative,neutral,positive'.`,
		Flags: func(fs *flag.FlagSet) func(*env, []string) error {
			dataPath := fs.String("data", "", "comments to annotate (CSV, JSONL or thread `file`)")
			store := fs.String("store", "", "annotation store `dir` (created if missing)")
			format := inputFlags(fs, "auto, csv, jsonl or thread", false)
			textCol := fs.String("text-col", "text", "`name` of the text column")
			addr := fs.String("addr", "127.0.0.1:8765", "listen `address`")
			token := fs.String("token", "", "access `token` (required off loopback)")
			modelPath := fs.String("model", "", "starting model `file` (default: the shipped model; \"none\" for none)")
			labels := fs.String("labels", "", "label `schema` col=l1,l2;col2=... (default: the model's)")
			order := fs.String("order", "uncertainty", "queue `order`: uncertainty, random or file")
			every := fs.Int("retrain-every", 20, "retrain after every `n` labels (0: on demand only)")
			double := fs.Float64("double", 0, "`share` of comments labelled by two annotators")
			seed := fs.Uint64("seed", 1, "`seed` of random order and of the double-annotated share")
			return func(e *env, args []string) error {
				if len(args) > 0 && args[0] == "export" {
					return annotateExport(e, args[1:])
				}
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *dataPath == "" || *store == "" {
					return usagef("-data and -store are required")
				}
				if err := annotate.CheckAddr(*addr, *token); err != nil {
					return usagef("%v", err)
				}
				ord, err := active.ParseStrategy(*order)
				if err != nil {
					return usagef("-order: %v", err)
				}
				if *double < 0 || *double > 1 {
					return usagef("-double must be between 0 and 1")
				}
				f, err := format()
				if err != nil {
					return err
				}
				var model *classifier.Bundle
				if *modelPath != "none" {
					if model, err = loadModel(*modelPath); err != nil {
						return err
					}
				}
				cols, err := annotationSchema(*labels, model)
				if err != nil {
					return err
				}
				items, err := readItems(e, *dataPath, f, *textCol, cols)
				if err != nil {
					return err
				}
				recipe := classifier.DefaultRecipe()
				recipe.Folds = 0
				srv, err := annotate.New(annotate.Config{
					Items: items, Columns: cols, Codebook: string(data.Codebook()),
					StoreDir: *store, Order: ord, Seed: *seed, RetrainEvery: *every,
					DoubleShare: *double, Recipe: recipe, Model: model, Token: *token, Log: e.stderr,
				})
				if err != nil {
					return err
				}
				defer srv.Close()
				return serve(e, srv, *addr, *token)
			}
		},
	}
}

// serve runs srv until SIGINT or SIGTERM, then shuts down gracefully so
// that in-flight saves finish.
func serve(e *env, srv *annotate.Server, addr, token string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String() + "/"
	if token != "" {
		url += "?token=" + token
	}
	fmt.Fprintf(e.stderr, "annotate: open %s (Ctrl-C stops; every saved label is already on disk)\n", url)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// annotationSchema parses -labels, or takes the model's columns.
func annotationSchema(spec string, model *classifier.Bundle) ([]annotate.Column, error) {
	var cols []annotate.Column
	if spec == "" {
		if model == nil {
			return nil, usagef("without a model, -labels must give the label schema")
		}
		for _, c := range model.Columns {
			cols = append(cols, annotate.Column{Name: c.Name, Labels: slices.Clone(c.Labels)})
		}
		return cols, nil
	}
	for _, part := range strings.Split(spec, ";") {
		name, list, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		labels := splitList(list)
		if !ok || name == "" || len(labels) < 2 {
			return nil, usagef("-labels: %q is not col=label1,label2,...", part)
		}
		cols = append(cols, annotate.Column{Name: name, Labels: labels})
	}
	return cols, nil
}

// readItems reads the comments to annotate, canonicalised: the id and text
// columns, and every other column as metadata, except columns named like a
// label column: showing existing labels would steer the annotator.
func readItems(e *env, path string, f inputSpec, textCol string, cols []annotate.Column) ([]annotate.Item, error) {
	in, err := openInput(e, path, f, data.FormatCSV)
	if err != nil {
		return nil, err
	}
	defer in.close()
	r, err := data.Canonicalize(in.reader, path, textCol)
	if err != nil {
		return nil, err
	}
	h := r.Header()
	var items []annotate.Item
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		it := annotate.Item{ID: rec.Fields[0], Text: rec.Fields[4]}
		if line, dup := seen[it.ID]; dup {
			return nil, fmt.Errorf("%s:%d: id %q already used at line %d; annotation needs unique ids", path, rec.Line, it.ID, line)
		}
		seen[it.ID] = rec.Line
		for i, name := range h {
			hidden := slices.ContainsFunc(cols, func(c annotate.Column) bool { return c.Name == name })
			if i != 0 && i != 4 && rec.Fields[i] != "" && !hidden {
				it.Meta = append(it.Meta, annotate.Field{Name: name, Value: rec.Fields[i]})
			}
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no comments to annotate", path)
	}
	return items, nil
}

func annotateExport(e *env, args []string) error {
	fs := flag.NewFlagSet("stance annotate export", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dataPath := fs.String("data", "", "the comments `file` the store annotates")
	store := fs.String("store", "", "annotation store `dir`")
	format := inputFlags(fs, "auto, csv, jsonl or thread", false)
	textCol := fs.String("text-col", "text", "`name` of the text column")
	labels := fs.String("labels", "", "label `schema`, as given to annotate (default: the shipped model's)")
	annotator := fs.String("annotator", "", "export only this annotator's labels (`name`)")
	out := fs.String("o", "-", "output `file`")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if *dataPath == "" || *store == "" {
		return usagef("export: -data and -store are required")
	}
	f, err := format()
	if err != nil {
		return err
	}
	var model *classifier.Bundle
	if *labels == "" {
		if model, err = loadModel(""); err != nil {
			return err
		}
	}
	cols, err := annotationSchema(*labels, model)
	if err != nil {
		return err
	}
	items, err := readItems(e, *dataPath, f, *textCol, cols)
	if err != nil {
		return err
	}
	o, err := createOutput(e, *out)
	if err != nil {
		return err
	}
	st, err := annotate.Export(*store, items, cols, *annotator, o.w)
	if err := o.finish(err); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "export: %d of %d comments exported; %d unlabelled, %d with an unresolved disagreement (adjudicate them on the page)\n",
		st.Exported, st.Items, st.Unlabelled, st.Unresolved)
	return nil
}
