"""Taking a newsroom's data out and putting it back: `manage.py export_newsroom` writes a zip of
versioned JSON Lines files and the images' originals (articles.export.writing), and
`manage.py import_newsroom` restores one into an empty database (articles.export.reading).
docs/EXPORT.md describes the format."""
