"""I/O adapters: storage, documents, mail, SMS, importers and the clock."""
