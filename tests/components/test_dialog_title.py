"""A dialog's title is an ``h2`` under the page's ``h1``: it is built by ``components.dialog_title``, never
with Radix's own title (an ``h1``)."""

from ocso_app.components.dialog_title import alert_dialog_title, dialog_title
from tests.support.sources import modules_where


def test_a_dialog_title_is_drawn_as_an_h2():
    for title in (dialog_title("Radier"), alert_dialog_title("Désactiver le compte")):
        assert 'as:"h2"' in str(title)


def test_no_dialog_title_is_built_without_the_heading_level():
    assert modules_where(r"rx\.(alert_)?dialog\.title\(", besides="dialog_title.py") == []
