"""The package list, found rather than listed (everything else is in pyproject.toml): every
package under src/, plus the two data packages that pyproject.toml maps from the checkout's top
level (templates/ → jixiao.templates, docs/ → jixiao.docs)."""
from setuptools import find_packages, setup

setup(packages=find_packages("src") + ["jixiao.templates", "jixiao.docs"])
