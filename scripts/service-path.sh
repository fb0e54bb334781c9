#!/usr/bin/env bash
# Prints the path of the WASI-HTTP service component the last cargo build produced (see
# docs/service.md); AFTERSHIP_SERVICE_COMPONENT, when set, overrides the search.
exec bash "$(dirname "$0")/component-path.sh" service
