//go:build tools

// Package oapitool pins the oapi-codegen command for the comparison
// benchmark in generator/bench.
package oapitool

import _ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
