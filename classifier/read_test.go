package classifier

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/data"
)

func TestReadTrainingSet(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		in      string
		o       ReadOptions
		want    *TrainingSet
		wantErr string
	}{
		{
			name: "texts, labels, lines and ids",
			file: "a.csv",
			in:   "id,text,stance\n1,hi, pro\n2,ho,anti\n",
			o:    ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}},
			want: &TrainingSet{Texts: []string{"hi", "ho"}, Columns: []string{"stance"}, Labels: [][]string{{"pro", "anti"}}, Lines: []int{2, 3}, IDs: []string{"1", "2"}},
		},
		{
			name: "ids in place of texts",
			file: "a.csv",
			in:   "key,stance\nk1,pro\nk2,\n",
			o:    ReadOptions{Columns: data.Columns{ID: "key", Labels: []string{"stance"}}, IDsOnly: true, AllowEmpty: true},
			want: &TrainingSet{Texts: []string{"k1", "k2"}, Columns: []string{"stance"}, Labels: [][]string{{"pro", ""}}, Lines: []int{2, 3}, IDs: []string{"k1", "k2"}},
		},
		{name: "empty label", file: "a.csv", in: "text,stance\nhi,pro\nho, \n", o: ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}}, wantErr: "a.csv:3: empty stance label"},
		{name: "header only", file: "a.csv", in: "text,stance\n", o: ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}}, wantErr: "a.csv: no training rows, only a header"},
		{name: "thread", file: "t.txt", in: "T\nAnn (Oslo)\nhi\n", o: ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}}, wantErr: "t.txt: " + ErrThreadInput.Error()},
		{name: "no label column named", file: "a.csv", in: "text\nx\n", wantErr: "a.csv: no label column named"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := data.Open(strings.NewReader(tt.in), tt.file, data.FormatAuto)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadTrainingSet(r, tt.file, tt.o)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}
	r, _ := data.Open(strings.NewReader("body,stance\nx,y\n"), "a.csv", data.FormatCSV)
	_, err := ReadTrainingSet(r, "a.csv", ReadOptions{Columns: data.Columns{Labels: []string{"stance"}}})
	var ce *data.ColumnError
	if !errors.As(err, &ce) || ce.Kind != data.KindText {
		t.Errorf("missing text column: got %v, want a *data.ColumnError of kind text", err)
	}
}

func TestRecipeDescribe(t *testing.T) {
	lr := RecipeV1()
	nb := RecipeV1()
	nb.Model, nb.Alpha = KindNaiveBayes, 0.5
	plain := RecipeV1()
	plain.NB, plain.Trainer = false, TrainerSparse
	plain.Features.Stem, plain.Features.Normalize, plain.Features.MaxFeatures = false, true, 500
	none := RecipeV1()
	none.ClassWeight = ClassWeightNone
	lrBal := RecipeV1()
	lrBal.ClassWeight = ClassWeightBalanced
	nbBal := nb
	nbBal.ClassWeight = ClassWeightBalanced
	calibrated := RecipeV1()
	calibrated.Calibrate = CalibrateTemperature
	chars := RecipeV1()
	chars.Features.CharNGramMin, chars.Features.CharNGramMax = 2, 5
	tests := []struct {
		name     string
		r        Recipe
		trainers []string
		want     string
	}{
		{"default", lr, nil, "logistic regression (C=1, NB scaling α=1, trainer auto); word 1-2 grams, min-df 1, binary, stemmed"},
		{"with the trainer used", lr, []string{UsedGolearn}, "logistic regression (C=1, NB scaling α=1, trainer auto: " + UsedGolearn + "); word 1-2 grams, min-df 1, binary, stemmed"},
		{"naive Bayes", nb, nil, "multinomial naive Bayes (α=0.5); word 1-2 grams, min-df 1, binary, stemmed"},
		{"class weight none", none, nil, "logistic regression (C=1, NB scaling α=1, trainer auto); word 1-2 grams, min-df 1, binary, stemmed"},
		{"balanced", lrBal, []string{UsedSparse}, "logistic regression (C=1, NB scaling α=1, class weight balanced, trainer auto: " + UsedSparse + "); word 1-2 grams, min-df 1, binary, stemmed"},
		{"naive Bayes balanced", nbBal, nil, "multinomial naive Bayes (α=0.5, class weight balanced); word 1-2 grams, min-df 1, binary, stemmed"},
		{"calibrated", calibrated, nil, "logistic regression (C=1, NB scaling α=1, trainer auto), temperature-calibrated; word 1-2 grams, min-df 1, binary, stemmed"},
		{"options", plain, nil, "logistic regression (C=1, no NB scaling, trainer sparse); word 1-2 grams, min-df 1, binary, max 500 features, l2"},
		{"char n-grams", chars, nil, "logistic regression (C=1, NB scaling α=1, trainer auto); word 1-2 grams, char 2-5 grams, min-df 1, binary, stemmed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Describe(tt.trainers...); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
