package main

import "github.com/stance-nlp/stance/internal/benchdata"

// readSST2 reads one split of SST-2 ("train", "dev" or "test") from dir
// (benchdata.SST2). A missing directory gives an error that wraps
// fs.ErrNotExist.
func readSST2(dir, split string) (dataset, error) {
	s, err := benchdata.SST2(dir, split)
	if err != nil {
		return dataset{}, err
	}
	return dataset{texts: s.Texts, labels: s.Labels}, nil
}
