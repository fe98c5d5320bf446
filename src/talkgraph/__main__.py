"""``python -m talkgraph``: the command line."""
from .cli import main

main()
