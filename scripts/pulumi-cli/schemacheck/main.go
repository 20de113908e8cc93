// Command schemacheck validates a Pulumi package schema the way SDK generation reads it: with
// BindSpec of github.com/pulumi/pulumi/pkg/v3/codegen/schema at the CLI's version (pinned by this
// module's go.sum), which checks the document against the Pulumi package metaschema embedded in
// that module and then binds every type, resource and function reference.
//
//	schemacheck schema/pulumi-package.json
//
// It prints every diagnostic and exits non-zero on an error. scripts/check-package-schema.sh builds
// and runs it (`npm run package-schema:check`).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemacheck <package schema JSON file>")
		os.Exit(2)
	}
	path := os.Args[1]
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(1)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		fmt.Fprintf(os.Stderr, "%s: not a package schema: %v\n", path, err)
		os.Exit(1)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	for _, diag := range diags {
		severity := "warning"
		if diag.Severity == hcl.DiagError {
			severity = "error"
		}
		fmt.Fprintf(os.Stderr, "%s: %s: %s\n", path, severity, diag.Summary)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(1)
	}
	if diags.HasErrors() {
		fmt.Fprintf(os.Stderr, "%s: invalid (%d diagnostics)\n", path, len(diags))
		os.Exit(1)
	}
	fmt.Printf("%s: valid package %s v%s: %d resources, %d functions, %d object types, %d config variables\n",
		path, pkg.Name, pkg.Version, len(pkg.Resources), len(pkg.Functions), len(spec.Types), len(pkg.Config))
}
