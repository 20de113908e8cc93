// Command schemacheck validates a Pulumi package schema the way SDK generation reads it: with
// BindSpec of github.com/pulumi/pulumi/pkg/v3/codegen/schema at the CLI's version (pinned by this
// module's go.sum), which checks the document against the Pulumi package metaschema embedded in
// that module and then binds every type, resource and function reference.
//
//	schemacheck schema/pulumi-package.json
//
// It prints every diagnostic and exits non-zero on an error (both through ../specfile, which sdkgen
// binds with too). scripts/check-package-schema.sh builds and runs it (`npm run package-schema:check`).
package main

import (
	"fmt"
	"os"

	"pulumi-bringg.local/pulumi-cli/specfile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: schemacheck <package schema JSON file>")
		os.Exit(2)
	}
	path := os.Args[1]
	spec, err := specfile.Read(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pkg, err := specfile.Bind(path, spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: valid package %s v%s: %d resources, %d functions, %d object types, %d config variables\n",
		path, pkg.Name, pkg.Version, len(pkg.Resources), len(pkg.Functions), len(spec.Types), len(pkg.Config))
}
