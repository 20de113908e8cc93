//go:build tools

// Package tools pins the Pulumi CLI module so that `go build` of its main package resolves
// the exact versions recorded in go.sum.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
