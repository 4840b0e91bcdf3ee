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
	fs.IntVar(&a.maxConns, "max-conns", def.MaxConns, fmt.Sprintf("the most connections open at once, `n` from 1 to %d; by default at most half the open-file limit", maxConnsFlag))
	fs.IntVar(&a.perIP, "max-conns-per-addr", def.MaxConnsPerAddr, fmt.Sprintf("the most connections open at once from one IP address, `n` from 1 to %d", maxConnsFlag))
	fs.StringVar(&a.model, "model", "", "starting model `file` (default: the shipped model; \"none\" for none)")
	fs.StringVar(&a.base, "base-data", "", "the annotated `file` the starting model was trained on: when -data comes from another\n"+
		"source (file name) than the model's data, retraining adapts to the comments annotated\n"+
		"here, as train -domain-col does, rather than learn from them alone")
	fs.StringVar(&a.order, "order", "uncertainty", "queue `order`: uncertainty, random or file")
	fs.IntVar(&a.retrainEvery, "retrain-every", 20, "retrain after every `n` labels (0: on demand only)")
	fs.Float64Var(&a.double, "double", 0, "`share` of comments labelled by two annotators")
	fs.Uint64Var(&a.seed, "seed", 1, "`seed` of random order and of the double-annotated share")
	c.Run = a.run
	c.Commands = []*command{newAnnotateExport(e)}
	return c
}

func (a *annotateCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if a.flags.data == "" || a.flags.store == "" {
		return usagef("-data and -store are required")
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"-max-conns", a.maxConns}, {"-max-conns-per-addr", a.perIP}} {
		if f.v < 1 || f.v > maxConnsFlag {
			return usagef("%s %d: want 1 to %d", f.name, f.v, maxConnsFlag)
		}
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
	if a.double < 0 || a.double > 1 {
		return usagef("-double must be between 0 and 1")
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

type exportCmd struct {
	e         *env
	flags     annotateFlags
	annotator string
	out       string
}

func newAnnotateExport(e *env) *command {
	x := &exportCmd{e: e}
	c := newCommand("annotate export")
	fs := c.Flag
	x.flags.declare(fs, "the comments `file` the store annotates", "annotation store `dir`",
		"label `schema`, as given to annotate (default: the shipped model's)")
	fs.StringVar(&x.annotator, "annotator", "", "export only this annotator's labels (`name`)")
	fs.StringVar(&x.out, "o", "-", "output `file`")
	c.Run = x.run
	return c
}

func (x *exportCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	st, err := annotate.Export(x.flags.store, items, schema, x.annotator, o)
	if err := o.Finish(err); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "export: %d of %d comments exported; %d unlabelled, %d with an unresolved disagreement (adjudicate them on the page)\n",
		st.Exported, st.Items, st.Unlabelled, st.Unresolved)
	return nil
}
