"""The viewer's messages (no article, loading, errors): wrapped to the pane, shown safely."""

from __future__ import annotations

from pathlib import Path

from newsreader.ui.app import make_app

from .test_ui import settle, timeline_lines


async def test_the_no_articles_message_wraps_and_names_the_folder_safely(tmp_path: Path) -> None:
    folder = tmp_path / "news\x1b]52;c;cHduZWQ=\x07"  # a hostile name
    folder.mkdir()
    app = make_app([folder])
    async with app.run_test(size=(240, 30)) as pilot:  # the list wide enough for the name
        await settle(app, pilot)
        viewer = app.viewer
        lines = viewer.text_lines
        width = viewer.scrollable_content_region.width
        assert len(lines) > 1 and all(len(line) <= width for line in lines)
        said = " ".join(line.strip() for line in lines)
        assert said.startswith("No articles found in ")
        assert said.endswith("saved as .txt files: newsreader PATH …")  # none of it cut off
        assert "\x1b" not in said and "\x07" not in said
        assert "52;c;cHduZWQ=" in said  # the name, its escapes made visible
        (line,) = [line for line in timeline_lines(app.timeline) if "No articles" in line]
        assert "\x1b" not in line and "\x07" not in line
