"""The footer: Textual's, showing only the keys that fit whole.

Textual's footer lays its keys out in a row and cuts the last one at the edge: at 60 columns
``K Previous article`` showed as ``K Previous arti``. This one hides, from the first that does
not fit, the keys that would be cut (``?`` lists them all); and the palette's key comes and
goes with ``show_command_palette`` at once (Textual's waited for the bindings to change).
"""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FittingFooter(Footer):
    """A footer whose keys are shown whole or not at all."""

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._fit)

    def watch_show_command_palette(self) -> None:
        if self.is_attached and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if not self.is_attached:
            return
        room = self.size.width
        keys = [child for child in self.children if isinstance(child, FooterKey)]
        for key in keys:  # its width as drawn: just recomposed, it may not be laid out yet
            if key.has_class("-command-palette") and key.display:
                room -= _width(key)
        used = 0
        fits = True
        for key in keys:
            if key.has_class("-command-palette"):
                continue
            width = _width(key)
            fits = fits and used + width <= room
            if fits:
                used += width
            if key.display != fits:
                key.display = fits


def _width(key: FooterKey) -> int:
    """The columns ``key`` takes: its label and description, padding, border and margins."""
    return key.render().cell_len + key.styles.margin.width + key.styles.gutter.width
