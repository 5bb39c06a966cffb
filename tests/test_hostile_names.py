"""File and folder names that are not UTF-8, through the CLI as a user runs it (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SEEDS


def test_a_folder_and_files_named_in_another_encoding_list_as_json_under_any_locale(
    tmp_path: Path,
) -> None:
    folder = os.fsencode(tmp_path) + b"/\xc0\xf0\xf5\xe8\xe2"  # "Архив" in cp1251
    os.mkdir(folder)
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], folder + b"/\xff\xfe.txt")
    shutil.copy(seeds[1], folder + b"/plain.txt")
    shutil.copy(seeds[1], folder + b"/copy\x9b2J.txt")  # a duplicate: named on stderr
    env = {**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": "utf-8:strict"}
    for _ in range(2):  # the first run writes the library, the second reads it back
        done = subprocess.run(
            [sys.executable, "-m", "newsreader", "--list", "--json", os.fsdecode(folder)],
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        records = json.loads(done.stdout.decode("utf-8"))  # valid JSON, valid UTF-8
        paths = sorted(os.fsencode(record["path"]) for record in records)
        assert folder + b"/\xff\xfe.txt" in paths and len(paths) == 2  # byte-exact
        assert paths[0] in (folder + b"/plain.txt", folder + b"/copy\x9b2J.txt")
        stderr = done.stderr.decode("utf-8")
        assert "\x9b" not in stderr and "\x1b" not in stderr
        assert "copy\\x9b2J.txt" in stderr  # skipped or the one kept: its bytes visible


def test_a_damaged_file_listed_or_found_is_named_with_where_it_is_damaged(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[1]
    data = seed.read_bytes()
    cut = data.index("Казахстан".encode())
    (tmp_path / "damaged.txt").write_bytes(data[:cut] + b"\xb9" + data[cut:])
    for args in (["--list"], ["--search", "казахстан"], ["--list", "--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "newsreader", *args, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        damage = (
            f"1 bad byte sequence, the first at byte {cut} (shown as \N{REPLACEMENT CHARACTER})"
        )
        assert f"newsreader: repaired {tmp_path / 'damaged.txt'}: {damage}" in done.stderr


def test_the_reader_into_a_pipe_is_a_usage_error_not_a_hang() -> None:
    """Issue 15: `newsreader DIR | less` started the reader into the pipe."""
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", str(SEEDS)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "newsreader: the reader needs a terminal; to print the articles use --list or --search\n"
    )
