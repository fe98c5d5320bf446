"""``python -m talkgraph.cli``: the command line."""
from . import main

main()
