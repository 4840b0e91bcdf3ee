package main

import (
	"context"
	"io"

	"github.com/stance-nlp/stance/classifier"
	"github.com/stance-nlp/stance/data"
	"github.com/stance-nlp/stance/evaluate"
	"github.com/stance-nlp/stance/features"
	"github.com/stance-nlp/stance/models"
	"github.com/stance-nlp/stance/report"
)

func newRules(e *env) *command {
	c := newCommand("rules")
	c.Run = func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		return usagef("want a subcommand: rules check")
	}
	c.Commands = []*command{newRulesCheck(e)}
	return c
}

type rulesCheckCmd struct {
	e     *env
	in    inputFlags
	cols  columnFlags
	rules string
	model string
}

func newRulesCheck(e *env) *command {
	r := &rulesCheckCmd{e: e}
	c := newCommand("rules check")
	fs := c.Flag
	r.in.declare(fs, "auto, csv or jsonl", false)
	r.cols.declare(fs, withText|withLabels, "stance,sentiment", "comma-separated gold label `columns`")
	fs.StringVar(&r.rules, "rules", "", "the rules `file` to check (default: the -model's rules)")
	fs.StringVar(&r.model, "model", "", "match as this model `file`'s features do, tokens, stop words and stems (default: the default recipe's)")
	c.Run = r.run
	return c
}

func (r *rulesCheckCmd) run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	path, err := optionalFile(args, "annotated file")
	if err != nil {
		return err
	}
	if r.rules == "" && r.model == "" {
		return usagef("-rules names no file (or give a -model trained with rules)")
	}
	c := classifier.DefaultRecipe().Features
	name := r.rules
	var rules []features.Rule
	if r.model != "" {
		b, err := models.Load(r.model)
		if err != nil {
			return err
		}
		c = b.Recipe.Features
		if r.rules == "" {
			if c.Rules == "" {
				return usagef("-model %s was trained without rules: give -rules", r.model)
			}
			name = "model " + r.model
			if rules, err = features.ParseRules(name, []byte(c.Rules)); err != nil {
				return err
			}
		}
	}
	if rules == nil {
		if rules, err = readRules(r.rules); err != nil {
			return err
		}
		if err := features.CompileRules(c, r.rules, rules); err != nil {
			return err
		}
	}
	in, err := r.in.open(r.e, path, data.FormatCSV)
	if err != nil {
		return err
	}
	defer in.Close()
	res, err := evaluate.CheckRules(in, path, r.cols.columns(nil), name, rules, c)
	if err != nil {
		return err
	}
	return report.WriteRuleCheck(stdout, res)
}
