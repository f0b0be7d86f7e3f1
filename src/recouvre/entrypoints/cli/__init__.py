"""The ``recouvre`` command line (Typer): ``main`` starts it, ``commands`` holds the Typer
application, one module per command group registers its commands, ``options`` reads dates and
amounts, ``setup`` reaches the wired application and shows errors in French, ``language``
makes Click and Typer speak French. Importing any of them changes nothing outside itself."""
