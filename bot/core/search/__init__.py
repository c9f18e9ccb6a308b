"""Finding suppliers: the search index and the taxonomy."""
