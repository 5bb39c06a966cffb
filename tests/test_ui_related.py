"""``r``: the other coverage of the story in the viewer, on real articles (issue 16)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from newsreader.ui.app import make_app
from newsreader.ui.related_screen import RelatedScreen

from .test_ui import settle

DEVSET = Path(__file__).parent / "data" / "devset" / "raw"


async def test_r_lists_the_other_coverage_in_both_languages_and_opens_one() -> None:
    app = make_app([DEVSET], preview_delay=0)
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        (about,) = [i for i, a in enumerate(app.articles) if a.path.endswith("004_kazpravda.txt")]
        app.goto_article(about)
        await settle(app, pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        options = screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(shown) >= 3
        assert any("Kazakh" in row for row in shown) and any("Russian" in row for row in shown)
        assert all(app.articles[about].title not in row for row in shown)  # not itself
        first = int(options.get_option_at_index(0).id or -1)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, RelatedScreen)
        assert app.viewer.article.id == app.articles[first].id
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")  # back to the article, nothing opened
        await pilot.pause()
        assert not isinstance(app.screen, RelatedScreen)
        assert app.viewer.article.id == app.articles[first].id
