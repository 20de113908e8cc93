// Package specfile reads and binds a Pulumi package schema file the way SDK generation reads it,
// for the project's schemacheck and sdkgen commands: BindSpec of
// github.com/pulumi/pulumi/pkg/v3/codegen/schema at the CLI's version (pinned by this module's
// go.sum), which checks the document against the Pulumi package metaschema and binds every type,
// resource and function reference.
package specfile

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Read parses the package schema at path.
func Read(path string) (schema.PackageSpec, error) {
	var spec schema.PackageSpec
	data, err := os.ReadFile(path)
	if err != nil {
		return spec, fmt.Errorf("%s: %w", path, err)
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("%s: not a package schema: %w", path, err)
	}
	return spec, nil
}

// Bind binds spec (read from path), printing every diagnostic to stderr as
// `<path>: <severity>: <summary>`, and fails on an error diagnostic.
func Bind(path string, spec schema.PackageSpec) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	for _, diag := range diags {
		severity := "warning"
		if diag.Severity == hcl.DiagError {
			severity = "error"
		}
		fmt.Fprintf(os.Stderr, "%s: %s: %s\n", path, severity, diag.Summary)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: invalid (%d diagnostics)", path, len(diags))
	}
	return pkg, nil
}
