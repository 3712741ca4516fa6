"""The commands of `learnpath`, one module per stage; generator/cli.py gathers them."""
