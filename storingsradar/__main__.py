"""``python -m storingsradar``."""

import sys

from storingsradar.cli import main

sys.exit(main())
