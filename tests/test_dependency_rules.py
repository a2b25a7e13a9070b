"""The README's dependency rules hold: import-linter checks the contracts in .importlinter."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_every_dependency_rule_of_the_readme_is_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_against_the_rules_is_reported(tmp_path):
    # The same checker on a rule the code does not keep (actions/ does use knowledge/): it must see
    # the import, or the contracts above would pass whatever the code does.
    config = tmp_path / "broken.ini"
    config.write_text((ROOT / ".importlinter").read_text() + (
        "\n[importlinter:contract:probe]\nname = probe\ntype = forbidden\n"
        "source_modules =\n    actions\nforbidden_modules =\n    knowledge\n"))
    result = lint_imports(str(config))
    assert result.returncode == 1
    assert "probe BROKEN" in result.stdout and "actions." in result.stdout
