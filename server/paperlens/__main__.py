"""`python -m paperlens` runs the same command line as `paperlens`."""

from paperlens.cli import main

main()
