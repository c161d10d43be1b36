"""Development tools, not part of the site: `make bench` (pages, HTTP load, search at scale),
`make bench-images` and `make load`. Installed only when NEWSROOM_BENCHMARKS is set, as the
Makefile's targets do; production settings never load it."""
