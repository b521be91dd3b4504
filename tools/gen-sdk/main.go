// Command gen-sdk generates the barrack provider's SDKs from its Pulumi package schema with Pulumi's own code
// generators (the pkg/v3/codegen packages of the CLI's release), without the language plugins that
// `pulumi package gen-sdk` would start.
//
//	gen-sdk -schema schema.json -lang nodejs -out sdk/nodejs
//	gen-sdk -schema schema.json -lang go -out sdk/go
//
// The output directory is replaced: every file the generator writes, nothing else.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "barrack-gen-sdk"

// noDependencies is a schema loader for a package that references no other package.
type noDependencies struct{}

var errNoDependencies = errors.New("the barrack schema references no other package")

func (noDependencies) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

func main() {
	schemaPath := flag.String("schema", "", "path of the package schema (JSON)")
	lang := flag.String("lang", "", "nodejs or go")
	out := flag.String("out", "", "output directory (replaced)")
	flag.Parse()
	if err := run(*schemaPath, *lang, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
}

func run(schemaPath, lang, out string) error {
	if schemaPath == "" || lang == "" || out == "" {
		return errors.New("-schema, -lang and -out are required")
	}
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	loader := noDependencies{}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return diags
	}
	var files map[string][]byte
	switch lang {
	case "nodejs":
		files, err = nodejs.GeneratePackage(tool, pkg, map[string][]byte{}, nil, false, loader)
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		return fmt.Errorf("unknown language %q (nodejs or go)", lang)
	}
	if err != nil {
		return err
	}
	return write(out, files)
}

// write replaces dir with exactly files (written to a sibling directory first, then swapped in).
func write(dir string, files map[string][]byte) error {
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}
