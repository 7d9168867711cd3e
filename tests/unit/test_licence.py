"""The project is MIT-licensed, and says so both in LICENSE and in its package metadata."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_licence_file_is_the_mit_licence_of_the_contributors():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 Reviewbot contributors" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_pyproject_declares_mit_as_an_spdx_expression_with_a_setuptools_that_accepts_it():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert pyproject["project"]["license-files"] == ["LICENSE"]
    [requirement] = [r for r in pyproject["build-system"]["requires"] if r.startswith("setuptools")]
    minimum = int(re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement).group(1))
    assert minimum >= 77  # older setuptools reject a string `license`, or take it for free text


def test_the_readme_explains_running_it_for_real():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it for real", 1)[1].split("\n## ", 1)[0]
    for needed in ("User=reviewbot", "EnvironmentFile=", "Restart=on-failure", "reviewbot db backup",
                   "REVIEWBOT_DB", "pip install", "systemctl restart", "migrations apply themselves"):
        assert needed in section, needed
