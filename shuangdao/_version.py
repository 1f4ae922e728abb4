"""The installed version of shuangdao."""

__version__ = "0.1.0"
