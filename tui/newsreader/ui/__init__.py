"""The interactive reader (Textual). Entry points live in :mod:`newsreader.ui.app`."""
