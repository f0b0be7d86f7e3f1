"""Invoice import: parse, validate and apply a file, whole or not at all."""
