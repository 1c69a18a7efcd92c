"""`python -m csjourney.errortexts [FILE]`: write docs/errors.md (`make docs`)."""

import sys

from csjourney.errortexts import main

main(sys.argv[1:])
