package survey

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
)

// File is a definition's bytes and the name problems are reported against.
type File struct {
	Name string
	Data []byte
}

// Source is a parsed definition with the exact bytes it came from, so a
// wave can freeze what it was opened with.
type Source struct {
	File
	Definition *Definition
}

// Catalogue is a set of valid definitions, one per survey id.
type Catalogue struct {
	sources []*Source
}

// IsDefinitionFile reports whether a file name is one a folder of
// definitions is read for.
func IsDefinitionFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// ReadDir reads every definition file at the top of fsys. label is the
// folder's name as problems should show it.
func ReadDir(fsys fs.FS, label string) (*Catalogue, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading surveys from %s: %w", label, err)
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !IsDefinitionFile(e.Name()) {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path.Join(label, e.Name()), err)
		}
		files = append(files, File{Name: path.Join(label, e.Name()), Data: data})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no survey definitions (*.yaml) in %s", label)
	}
	return NewCatalogue(files)
}

// NewCatalogue parses every file and returns the catalogue, or Problems
// listing everything wrong in all of them.
func NewCatalogue(files []File) (*Catalogue, error) {
	var problems Problems
	c := &Catalogue{}
	for _, f := range files {
		def, err := Parse(f.Name, f.Data)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) {
				return nil, err
			}
			problems = append(problems, ps...)
			continue
		}
		if other, dup := c.Survey(def.ID); dup {
			problems = append(problems, Problem{File: f.Name, Line: 1, Column: 1,
				Message: fmt.Sprintf("survey id %q is already used by %s; each survey needs its own id", def.ID, other.Name)})
			continue
		}
		c.sources = append(c.sources, &Source{File: f, Definition: def})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	slices.SortFunc(c.sources, func(a, b *Source) int { return cmp.Compare(a.Definition.ID, b.Definition.ID) })
	return c, nil
}

// Survey returns the definition with the given survey id.
func (c *Catalogue) Survey(id string) (*Source, bool) {
	for _, s := range c.sources {
		if s.Definition.ID == id {
			return s, true
		}
	}
	return nil, false
}

// Sources returns every definition, ordered by survey id.
func (c *Catalogue) Sources() []*Source {
	return slices.Clone(c.sources)
}
