// Package surfacediff compares two MCP tool surfaces — the ones dubgen
// builds from an old and a new spec under the same overlay — and reports
// what agents will see change. It compares the surfaces, not the spec text,
// so key order, formatting and reworded upstream descriptions do not drown
// the real changes.
//
// Tools are matched by operationId. An old tool left unmatched is paired
// with an unmatched new tool that lists the old tool's name among its
// overlay aliases, or else with one on the same method and route (the
// operationId changed upstream); such pairs are renames. Matched and
// renamed pairs are compared property by property: input schemas and
// result shapes (surface.Tool.Result: the response in detail, where the
// output schema agents see says only "an object") are flattened to paths
// ("url", "testVariants[].url", "items[].id"); inputs are compared by
// type, required flag, enum values, format, default and maxItems, outputs
// by presence and type.
// Alternatives (anyOf) are compared by the set of their variants' types,
// not by their variants' properties.
//
// # Breaking changes
//
// A change is breaking when a caller that worked against the old surface
// can fail against the new one:
//   - a tool was removed;
//   - a tool was renamed (by a new operationId or by the overlay) and the
//     new tool does not list the old name among its aliases;
//   - an input property was removed (hiding it through the overlay, or
//     a field the spec deprecated, is not breaking: hidden inputs are
//     still accepted);
//   - an input property became required, or a new required one appeared;
//   - a property's type changed (input or output);
//   - an input enum lost a value, or an unrestricted input gained an enum;
//   - a hint flipped the unsafe way: readOnly true→false or destructive
//     false→true;
//   - an output property was removed.
//
// Everything else is not breaking: new tools, new optional inputs,
// required inputs becoming optional, new enum values, changed formats,
// defaults and item limits, new output properties, the other hints
// (idempotent, openWorld) and hints becoming safer, and wording (titles
// and descriptions).
package surfacediff
