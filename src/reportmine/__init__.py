"""reportmine: typed, analysable metric records from Chinese report text.

>>> import reportmine
>>> [m.text for m in reportmine.extract("全年立项13项，安排科技经费626.12万元。")]
['13项', '626.12万元']
"""

from reportmine.batch import extract_files
from reportmine.display import show, to_displacy
from reportmine.extraction import extract
from reportmine.frame import to_frame
from reportmine.io import read_document
from reportmine.model import Metric

__all__ = [
    "Metric",
    "extract",
    "extract_files",
    "read_document",
    "show",
    "to_displacy",
    "to_frame",
]
__version__ = "0.1.0"
