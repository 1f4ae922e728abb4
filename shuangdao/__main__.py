"""``python -m shuangdao``: the same as the ``shuangdao`` command."""

from shuangdao.cli import console

console()
