"""``python -m shuangdao``: the same as the ``shuangdao`` command."""

import sys

from shuangdao.cli import main

sys.exit(main())
