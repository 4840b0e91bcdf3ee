package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/stance-nlp/stance/active"
	"github.com/stance-nlp/stance/annotate"
	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/internal/term"
	"github.com/stance-nlp/stance/models"
)

// annotateFlags are the flags annotate and annotate export share: the
// comments and the store they annotate, and the label schema.
type annotateFlags struct {
	data, store, labels string
	in                  inputFlags
	cols                columnFlags
}

func (a *annotateFlags) declare(fs *flag.FlagSet, dataHelp, storeHelp, labelsHelp string) {
	fs.StringVar(&a.data, "data", "", dataHelp)
	fs.StringVar(&a.store, "store", "", storeHelp)
	a.in.declare(fs, "auto, csv, jsonl or thread", false)
	a.cols.declare(fs, withText|fromModel, "", "")
	fs.StringVar(&a.labels, "labels", "", labelsHelp)
}

// read checks the required flags and reads the schema (from -labels, else
// model's) and the comments.
func (a *annotateFlags) read(e *env, model *classifier.Bundle) ([]annotate.Column, []annotate.Item, error) {
	if a.data == "" || a.store == "" {
		return nil, nil, usagef("-data and -store are required")
	}
	if _, err := a.in.input(); err != nil {
		return nil, nil, err
	}
	schema, err := annotate.Schema(a.labels, model)
	if errors.Is(err, annotate.ErrNoSchema) {
		return nil, nil, usagef("without a model, -labels must give the label schema")
	}
	if err != nil {
		return nil, nil, usagef("-labels: %v", err)
	}
	f, err := a.in.open(e, a.data, data.FormatCSV)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	items, err := annotate.ReadItems(f, a.data, a.cols.columns(model), schema)
	return schema, items, err
}

type annotateCmd struct {
	e               *env
	flags           annotateFlags
	addr, token     string
	tokenFile       string
	tlsCert, tlsKey string
	maxConns, perIP int
	model           string
	base            string // -base-data
	order           string
	retrainEvery    int
	double          float64
	seed            uint64
}

func newAnnotate(e *env) *command {
	a := &annotateCmd{e: e}
	c := newCommand("annotate")
	c.Golearn, c.OwnSignals = true, true
	fs := c.Flag
	a.flags.declare(fs, "comments to annotate (CSV, JSONL or thread `file`)", "annotation store `dir` (created if missing)",
		"label `schema` col=l1,l2;col2=... (default: the model's)")
	fs.StringVar(&a.addr, "addr", "127.0.0.1:8765", "listen `address`")
	fs.StringVar(&a.token, "token", "", "access `token`, 128 random bits or more (shown to other users by ps: prefer -token-file\n"+
		"or $"+tokenEnv+"); off loopback without one, a token is generated and kept in -store")
	fs.StringVar(&a.tokenFile, "token-file", "", "read the access token from `file`")
	fs.StringVar(&a.tlsCert, "tls-cert", "", "serve HTTPS with this PEM certificate `file` (with -tls-key)")
	fs.StringVar(&a.tlsKey, "tls-key", "", "the PEM private key `file` of -tls-cert")
	def := annotate.DefaultNetLimits()
	conns := ranged[int]{lo: 1, hi: maxConnsFlag}
	numVar(fs, &a.maxConns, "max-conns", min(max(def.MaxConns, 1), maxConnsFlag), conns, "the most connections open at once, `n`; by default at most half the open-file limit")
	numVar(fs, &a.perIP, "max-conns-per-addr", min(max(def.MaxConnsPerAddr, 1), maxConnsFlag), conns, "the most connections open at once from one IP address, `n`")
	fs.StringVar(&a.model, "model", "", "starting model `file` (default: the shipped model; \"none\" for none)")
	fs.StringVar(&a.base, "base-data", "", "the annotated `file` the starting model was trained on: when -data comes from another\n"+
		"source (file name) than the model's data, retraining adapts to the comments annotated\n"+
		"here, as train -domain-col does, rather than learn from them alone")
	fs.StringVar(&a.order, "order", "uncertainty", "queue `order`: uncertainty, random or file")
	numVar(fs, &a.retrainEvery, "retrain-every", 20, ranged[int]{lo: 0, hi: 1_000_000}, "retrain after every `n` labels (0: on demand only)")
	numVar(fs, &a.double, "double", 0, ranged[float64]{lo: 0, hi: 1}, "`share` of comments labelled by two annotators")
	fs.Uint64Var(&a.seed, "seed", 1, "`seed` of random order and of the double-annotated share")
	c.Run = a.run
	c.Commands = []*command{newAnnotateExport(e), newAnnotateRepair(e)}
	return c
}

func (a *annotateCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if a.flags.data == "" || a.flags.store == "" {
		return usagef("-data and -store are required")
	}
	if (a.tlsCert == "") != (a.tlsKey == "") {
		return usagef("-tls-cert and -tls-key go together: give both or neither")
	}
	if a.tlsCert != "" {
		if _, err := tls.LoadX509KeyPair(a.tlsCert, a.tlsKey); err != nil {
			return fmt.Errorf("-tls-cert %s, -tls-key %s: %w", a.tlsCert, a.tlsKey, err)
		}
	}
	tok, err := a.accessToken(stderr)
	if err != nil {
		return err
	}
	if err := annotate.CheckAddr(a.addr, tok.value); err != nil {
		return usagef("%v", err)
	}
	order, err := active.ParseStrategy(a.order)
	if err != nil {
		return usagef("-order: %v", err)
	}
	var model *classifier.Bundle
	if a.model != "none" {
		if model, err = models.Load(a.model); err != nil {
			return err
		}
	}
	schema, items, err := a.flags.read(a.e, model)
	if err != nil {
		return err
	}
	var base *classifier.TrainingSet
	if a.base != "" {
		if model == nil {
			return usagef("-base-data needs a starting model")
		}
		if base, err = readSet(a.e, stderr, &inputFlags{format: "auto", delimiter: "auto", maxRecord: data.DefaultMaxRecordBytes}, a.base,
			classifier.ReadOptions{Columns: model.InputColumns()}); err != nil {
			return err
		}
	}
	recipe := classifier.DefaultRecipe()
	recipe.Folds = 0
	srv, err := annotate.New(annotate.Config{
		Base: base, ItemsSource: filepath.Base(a.flags.data),
		Items: items, Columns: schema, Codebook: string(data.Codebook()),
		StoreDir: a.flags.store, Order: order, Seed: a.seed, RetrainEvery: a.retrainEvery,
		DoubleShare: a.double, Recipe: recipe, Model: model, Token: tok.value, Log: stderr,
		TLSCert: a.tlsCert, TLSKey: a.tlsKey,
		Net: annotate.NetLimits{MaxConns: a.maxConns, MaxConnsPerAddr: a.perIP},
	})
	var je *annotate.JournalError
	if errors.As(err, &je) {
		return fmt.Errorf("%w\nrun %q to keep every good entry, renumbered, and move the lines that cannot be replayed to %s",
			err, repairCommand(a.flags.store, a.flags.data, a.flags.cols.columns(model).Text), quarantineFile(a.flags.store))
	}
	if err != nil {
		return err
	}
	defer srv.Close()
	return srv.Serve(ctx, a.addr, func(url string) { tok.announce(stderr, url, a.tlsCert != "", a.addr) })
}

// tokenEnv names the environment variable that may hold the access token.
const tokenEnv = "STANCE_TOKEN"

// maxConnsFlag bounds -max-conns and -max-conns-per-addr: far above any
// team of annotators, far below what would exhaust the machine.
const maxConnsFlag = 65536

// accessToken says how the server is guarded: the token and where it came
// from.
type accessToken struct {
	value string
	// stored is the store file holding a token generated for this store,
	// "" when the user gave the token.
	stored string
}

// accessToken reads the token from -token, -token-file or $STANCE_TOKEN,
// refusing a weak one; without any, a server off the loopback gets the
// token kept in the store (generated on first use), so it is never open
// to everyone who can reach the port.
func (a *annotateCmd) accessToken(stderr io.Writer) (accessToken, error) {
	if a.token != "" && a.tokenFile != "" {
		return accessToken{}, usagef("give -token or -token-file, not both")
	}
	var tok, from string
	switch {
	case a.token != "":
		tok, from = a.token, "-token"
		fmt.Fprintf(stderr, "annotate: warning: -token shows the token to every user of this machine (ps); -token-file or $%s keep it private\n", tokenEnv)
	case a.tokenFile != "":
		b, err := readSmall(a.tokenFile, 4<<10)
		if err != nil {
			return accessToken{}, fmt.Errorf("-token-file: %w", err)
		}
		tok, from = strings.TrimSpace(string(b)), "-token-file "+a.tokenFile
	case os.Getenv(tokenEnv) != "":
		tok, from = os.Getenv(tokenEnv), "$"+tokenEnv
	}
	if from != "" {
		if err := annotate.CheckToken(tok); err != nil {
			return accessToken{}, usagef("%s: %v", from, err)
		}
		return accessToken{value: tok}, nil
	}
	if err := annotate.CheckAddr(a.addr, ""); err == nil {
		return accessToken{}, nil
	} else if _, _, perr := net.SplitHostPort(a.addr); perr != nil {
		return accessToken{}, usagef("%v", err)
	}
	tok, path, _, err := annotate.StoreToken(a.flags.store)
	if err != nil {
		return accessToken{}, err
	}
	return accessToken{value: tok, stored: path}, nil
}

// announce tells the user where to open the page. A token the user gave
// is never printed; a stored one only to a terminal, since logs are read
// by others; otherwise the message names the file that holds it.
func (t accessToken) announce(stderr io.Writer, url string, tls bool, addr string) {
	fmt.Fprintf(stderr, "annotate: listening on %s (Ctrl-C stops; every saved label is already on disk)\n", url)
	switch {
	case t.value == "":
		fmt.Fprintf(stderr, "annotate: open %s\n", url)
	case t.stored != "" && term.IsTerminal(stderr):
		fmt.Fprintf(stderr, "annotate: open %s?token=%s once in each browser (the token is kept in %s, readable by you only)\n", url, t.value, t.stored)
	case t.stored != "":
		fmt.Fprintf(stderr, "annotate: the access token is in %s (readable by you only): open %s?token=TOKEN once in each browser\n", t.stored, url)
	default:
		fmt.Fprintf(stderr, "annotate: open %s?token=TOKEN, with the token you gave, once in each browser\n", url)
	}
	if !tls && annotate.CheckAddr(addr, "") != nil {
		fmt.Fprintf(stderr, "annotate: warning: the traffic, token and comments included, is unencrypted: on a network you do not trust, use -tls-cert and -tls-key, or a TLS proxy\n")
	}
}

// readSmall reads a file that must not exceed limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: over %d bytes; a token file holds one line", path, limit)
	}
	return b, nil
}

// repairCommand is the command line that repairs store, checking ids
// against the comments in dataPath read with text column textCol.
func repairCommand(store, dataPath, textCol string) string {
	cmd := "stance annotate repair -store " + shellQuote(store)
	if dataPath != "" && dataPath != "-" {
		cmd += " -data " + shellQuote(dataPath)
		if textCol != "" && textCol != data.DefaultTextColumn {
			cmd += " -" + flagTextCol + " " + shellQuote(textCol)
		}
	}
	return cmd
}

// quarantineFile is where repair puts the lines it takes out of store's
// journal.
func quarantineFile(store string) string {
	return filepath.Join(store, "journal.quarantine.jsonl")
}

type exportCmd struct {
	e         *env
	flags     annotateFlags
	annotator string
	out       string
	skipBad   bool
	excelSafe bool
}

func newAnnotateExport(e *env) *command {
	x := &exportCmd{e: e}
	c := newCommand("annotate export")
	fs := c.Flag
	x.flags.declare(fs, "the comments `file` the store annotates", "annotation store `dir`",
		"label `schema`, as given to annotate (default: the shipped model's)")
	fs.StringVar(&x.annotator, "annotator", "", "export only this annotator's labels (`name`)")
	fs.StringVar(&x.out, "o", "-", "output `file`")
	fs.BoolVar(&x.skipBad, "skip-bad", false, "export from the journal's good entries when some lines are damaged, counting those\n"+
		"skipped, instead of failing (the journal is left as it is; annotate repair fixes it)")
	declareExcelSafe(fs, &x.excelSafe)
	c.Run = x.run
	return c
}

func (x *exportCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := checkOutput("o", x.out, x.flags.data); err != nil {
		return err
	}
	if err := data.CheckOutsideDir(x.out, x.flags.store); err != nil {
		return usagef("-o %v", err)
	}
	var model *classifier.Bundle
	if x.flags.labels == "" {
		var err error
		if model, err = models.Load(""); err != nil {
			return err
		}
	}
	schema, items, err := x.flags.read(x.e, model)
	if err != nil {
		return err
	}
	o, err := createOutput(x.e, x.out, stdout)
	if err != nil {
		return err
	}
	g := formulaGuard(o, x.excelSafe)
	st, err := annotate.ExportWith(x.flags.store, items, schema, annotate.ExportOptions{Annotator: x.annotator, SkipBad: x.skipBad}, g)
	repair := repairCommand(x.flags.store, x.flags.data, x.flags.cols.columns(model).Text)
	var je *annotate.JournalError
	if errors.As(err, &je) {
		err = fmt.Errorf("%w\nrun %q to keep every good entry, renumbered, and move the lines that cannot be replayed to %s, "+
			"or export with -skip-bad to leave them out of this export", err, repair, quarantineFile(x.flags.store))
	}
	if err := o.Finish(err); err != nil {
		return err
	}
	warnFormulas(stderr, x.out, g)
	if sk := st.Skipped; sk != nil {
		fmt.Fprintf(stderr, "export: skipped %s of the journal's %d that cannot be replayed, the first %s:%d: %s; %q moves them to %s\n",
			plural(sk.Bad, "line", "lines"), sk.Lines, sk.Path, sk.Line, sk.Problem, repair, quarantineFile(x.flags.store))
	}
	if st.PartialTail > 0 {
		fmt.Fprintf(stderr, "export: left out a partial last journal line of %d bytes (a write in progress, or one cut short that annotate drops on its next start)\n", st.PartialTail)
	}
	fmt.Fprintf(stderr, "export: %d of %d comments exported; %d unlabelled, %d with an unresolved disagreement (adjudicate them on the page)\n",
		st.Exported, st.Items, st.Unlabelled, st.Unresolved)
	return nil
}

type repairCmd struct {
	e           *env
	data, store string
	in          inputFlags
	cols        columnFlags
}

func newAnnotateRepair(e *env) *command {
	r := &repairCmd{e: e}
	c := newCommand("annotate repair")
	fs := c.Flag
	fs.StringVar(&r.store, "store", "", "annotation store `dir`")
	fs.StringVar(&r.data, "data", "", "the comments `file` the store annotates (optional: with it, the store is checked\n"+
		"against it and entries naming an unknown comment id are moved out too)")
	r.in.declare(fs, "auto, csv, jsonl or thread", false)
	r.cols.declare(fs, withText, "", "")
	c.Run = r.run
	return c
}

func (r *repairCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if r.store == "" {
		return usagef("-store is required")
	}
	if _, err := r.in.input(); err != nil {
		return err
	}
	var items []annotate.Item
	var schema []annotate.Column
	if r.data != "" {
		// The schema is the store's own: the comments' ids and texts are
		// what it is checked against.
		var err error
		if schema, err = annotate.StoreSchema(r.store); err != nil {
			return err
		}
		f, err := r.in.open(r.e, r.data, data.FormatCSV)
		if err != nil {
			return err
		}
		items, err = annotate.ReadItems(f, r.data, r.cols.columns(nil), schema)
		f.Close()
		if err != nil {
			return err
		}
	}
	st, err := annotate.Repair(r.store, items, schema)
	if err != nil {
		return err
	}
	if !st.Changed() {
		fmt.Fprintf(stdout, "repair: %s is intact (%s); nothing changed\n", st.Journal, plural(st.Kept, "entry", "entries"))
		return nil
	}
	fmt.Fprintf(stdout, "repair: %s had %s: kept %s", st.Journal, plural(st.Lines, "line", "lines"), plural(st.Kept, "entry", "entries"))
	if st.Renumbered > 0 {
		fmt.Fprintf(stdout, " (%d renumbered, so that seq is the line number again)", st.Renumbered)
	}
	if st.Newline {
		fmt.Fprintf(stdout, ", the last with its missing newline added")
	}
	if len(st.Moved) == 0 {
		fmt.Fprintln(stdout, "; moved no line")
		return nil
	}
	fmt.Fprintf(stdout, "; moved %s to %s:\n", plural(len(st.Moved), "line", "lines"), st.Quarantine)
	const shown = 20
	for i, m := range st.Moved {
		if i == shown {
			fmt.Fprintf(stdout, "  ... and %d more\n", len(st.Moved)-shown)
			break
		}
		fmt.Fprintf(stdout, "  %s\n", m)
	}
	return nil
}
