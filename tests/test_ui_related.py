"""``r``: the other coverage of the story in the viewer, on real articles (issue 16)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

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


async def test_the_footer_keeps_its_keys_whole_beside_the_palette_key() -> None:
    """At 120 columns "r Other coverage" does not fit before "^p Commands": with the other
    coverage open it showed as "r Other cover", under the palette's key, whose width was read
    before it was laid out."""
    app = make_app([DEVSET], preview_delay=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        for key in ("j", "r", "escape"):
            await pilot.press(key)
            await settle(app, pilot)
            await pilot.pause()
            reader = app.screen_stack[0]  # its footer stays on screen under the list
            shown = sorted(
                (key.region for key in reader.query(FooterKey) if key.display),
                key=lambda region: region.x,
            )
            assert len(shown) >= 4
            for left, right in pairwise(shown):
                assert left.right <= right.x, (key, left, right)  # none under the next
            assert shown[-1].right <= app.size.width
