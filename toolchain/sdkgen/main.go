// sdkgen writes the Python and Go SDKs of a Pulumi package schema with the code generators of
// github.com/pulumi/pulumi/pkg/v3. `pulumi package gen-sdk` cannot do it here: it asks the language hosts, and the
// hosts this project builds from Go modules (toolchain/pulumi-cli.js) predate the GeneratePackage RPC.
//
//	sdkgen -schema schema/pulumi-package.json -out sdk -go-sdk v3.277.0
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-interconnect-sdkgen"

// noReferences refuses every referenced package: the schema is self-contained, and loading another package's schema
// would need its provider plugin.
type noReferences struct{}

var errNoReferences = errors.New("the schema references another package; sdkgen only generates self-contained schemas")

func (noReferences) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoReferences
}

// bind reads and validates the schema; each language binds afresh because generators record their options on it.
func bind(file string) (*schema.Package, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", file, diags.Error())
	}
	return pkg, nil
}

// goMod is the Go SDK's go.mod: the module holds the root package, so its path is the import base path without its
// last element (Pulumi's own layout for packable SDKs), and it requires the Go SDK release this project tested
// rather than the one the generator was released with.
func goMod(pkg *schema.Package, goSDK string) ([]byte, error) {
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	module := info.ModulePath
	if module == "" {
		if info.ImportBasePath == "" {
			return nil, errors.New("language.go.importBasePath is not set in the schema")
		}
		module = path.Dir(info.ImportBasePath)
	}
	return []byte(fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n", module, goSDK)), nil
}

func generate(language string, pkg *schema.Package, goSDK string) (map[string][]byte, error) {
	switch language {
	case "python":
		return pythongen.GeneratePackage(tool, pkg, nil, noReferences{})
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		if files["go.mod"], err = goMod(pkg, goSDK); err != nil {
			return nil, err
		}
		return files, nil
	}
	return nil, fmt.Errorf("unknown language %q (python, go)", language)
}

// write replaces dir with exactly the generated files, so a removed resource leaves no stale module behind.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run() error {
	schemaFile := flag.String("schema", "", "the Pulumi package schema (JSON)")
	out := flag.String("out", "", "the SDK root: each language goes to <out>/<language>")
	languages := flag.String("languages", "python,go", "comma-separated languages to generate")
	goSDK := flag.String("go-sdk", "", "the github.com/pulumi/pulumi/sdk/v3 version the Go SDK's go.mod requires")
	flag.Parse()
	if *schemaFile == "" || *out == "" || *goSDK == "" {
		return errors.New("usage: sdkgen -schema <file> -out <dir> -go-sdk <version> [-languages python,go]")
	}
	for _, language := range strings.Split(*languages, ",") {
		pkg, err := bind(*schemaFile)
		if err != nil {
			return err
		}
		files, err := generate(language, pkg, *goSDK)
		if err != nil {
			return fmt.Errorf("%s: %w", language, err)
		}
		if err := write(filepath.Join(*out, language), files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files in %s\n", language, len(files), filepath.Join(*out, language))
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}
