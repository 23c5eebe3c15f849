r"""reportmine: typed, analysable metric records from Chinese report text.

>>> import reportmine
>>> [m.text for m in reportmine.extract("全年立项13项，安排科技经费626.12万元。")]
['13项', '626.12万元']
>>> report = reportmine.parse("区科技局2009年工作总结\n一、2009年完成的主要工作\n全年立项13项。")
>>> report.documents[0].title, report.metrics[0].section
('区科技局2009年工作总结', '一、2009年完成的主要工作')
"""

from reportmine.batch import extract_files
from reportmine.display import show, to_displacy
from reportmine.explain import explain
from reportmine.extraction import extract, parse
from reportmine.frame import to_frame
from reportmine.io import read_document
from reportmine.model import Metric
from reportmine.structure import Document, Report, Section

__all__ = [
    "Document",
    "Metric",
    "Report",
    "Section",
    "explain",
    "extract",
    "extract_files",
    "parse",
    "read_document",
    "show",
    "to_displacy",
    "to_frame",
]
__version__ = "0.1.0"
