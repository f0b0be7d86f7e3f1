"""PDF of the judicial papers and of the exhibits bundle (typst layout, pikepdf stamping)."""
