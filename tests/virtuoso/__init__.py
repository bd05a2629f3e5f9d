"""Debian's Virtuoso, started on loopback for the suite and for `make bench`."""
