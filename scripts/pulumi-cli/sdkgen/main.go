// Command sdkgen writes the Node.js and Python SDKs of a Pulumi package schema with the Pulumi
// codegen at the CLI's version (pinned by this module's go.sum): BindSpec, then
// github.com/pulumi/pulumi/pkg/v3/codegen/nodejs and .../python GeneratePackage.
//
//	sdkgen schema/pulumi-package.json sdk
//
// writes <out>/nodejs and <out>/python, each emptied first so that a type or resource dropped from
// the schema leaves no file behind. The SDKs' versions are the schema's (`respectSchemaVersion` in
// its language sections; scripts/gen-package-schema.ts writes package.json's version there).
//
// `pulumi package gen-sdk` would do the same through a language host's GeneratePackage method,
// which the project's minimal Node.js host (scripts/pulumi-cli/langhost) does not implement, and no
// Python host is built here; calling the codegen packages directly needs neither. scripts/gen-sdk.sh
// builds and runs this (`npm run sdk`, `npm run sdk:check`).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"pulumi-bringg.local/pulumi-cli/specfile"
)

// tool is the generator name the codegen writes into the generated files' headers.
const tool = "pulumi-bringg sdkgen"

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen <package schema JSON file> <output directory>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, out string) error {
	spec, err := specfile.Read(schemaPath)
	if err != nil {
		return err
	}
	generators := []struct {
		dir      string
		generate func(*schema.Package) (map[string][]byte, error)
	}{
		{"nodejs", func(pkg *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noDependencies{})
		}},
		{"python", func(pkg *schema.Package) (map[string][]byte, error) {
			files, err := python.GeneratePackage(tool, pkg, nil, noDependencies{})
			if err != nil {
				return nil, err
			}
			// pyproject.toml names README.md beside it, but the codegen writes the readme only into
			// the package folder (Pulumi's provider builds copy it up before `python -m build`).
			info, _ := pkg.Language["python"].(python.PackageInfo)
			readme, ok := files[filepath.Join(info.PackageName, "README.md")]
			if !ok {
				return nil, errors.New("the Python codegen wrote no README.md into the package folder; set language.python.packageName")
			}
			files["README.md"] = readme
			return files, nil
		}},
	}
	for _, generator := range generators {
		// Each generator gets a freshly bound package: GeneratePackage records its language's
		// decoded options in the package, which the next one must not see.
		pkg, err := bind(schemaPath, spec)
		if err != nil {
			return err
		}
		files, err := generator.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", generator.dir, err)
		}
		if err := write(filepath.Join(out, generator.dir), files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files (%s v%s)\n", filepath.Join(out, generator.dir), len(files), pkg.Name, pkg.Version)
	}
	return nil
}

// bind binds the spec as schemacheck does (see `npm run package-schema:check`), and requires a
// version: the SDKs take theirs from it.
func bind(path string, spec schema.PackageSpec) (*schema.Package, error) {
	pkg, err := specfile.Bind(path, spec)
	if err != nil {
		return nil, fmt.Errorf("%w; see `npm run package-schema:check`", err)
	}
	if pkg.Version == nil {
		return nil, fmt.Errorf("%s: the schema has no version (the SDKs take theirs from it)", path)
	}
	return pkg, nil
}

// write replaces dir's contents with files (paths relative to dir), in a stable order.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noDependencies is the reference loader of a package that depends on no other package: the
// codegen asks it only for the schema's `dependencies`, which this schema does not have.
type noDependencies struct{}

var errNoDependencies = errors.New("the bringg package schema depends on no other package")

func (noDependencies) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoDependencies
}
