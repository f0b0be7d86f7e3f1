"""The sample portfolio of ``recouvre sample`` and ``recouvre demo`` (docs/sample-portfolio.md):
fitted parameters (``params.toml``), a seeded generator, its CSV writer, and the registration of
its creditors."""
