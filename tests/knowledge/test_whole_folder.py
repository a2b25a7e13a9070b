"""knowledge/whole_folder.py: a built folder (model, export, index) appears whole or not at all."""
import pytest

from knowledge.whole_folder import written_whole


def test_a_finished_build_replaces_the_previous_folder_and_leaves_no_temporary_one(tmp_path):
    out = tmp_path / "index"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with written_whole(out) as tmp:
        assert tmp != out and not any(tmp.iterdir())
        (tmp / "new.txt").write_text("new")
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_a_failed_build_leaves_the_previous_folder_as_it_was(tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "weights").write_text("complete")
    with pytest.raises(RuntimeError):
        with written_whole(out) as tmp:
            (tmp / "weights").write_text("half")
            raise RuntimeError("interrupted")
    assert (out / "weights").read_text() == "complete"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_a_first_build_makes_the_parent_folders(tmp_path):
    out = tmp_path / "cache" / "models" / "onnx"
    with written_whole(out) as tmp:
        (tmp / "model.onnx").write_bytes(b"x")
    assert (out / "model.onnx").exists()
