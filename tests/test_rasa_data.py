"""`rasa data validate` passes, with only the warnings we accept.

Accepted: responses that custom actions send (`dispatcher.utter_message(response=...)`) are not
named in stories or rules, and Rasa warns that they are "not used". Every other warning fails."""
import os
import re
import subprocess

from scripts.services import RASA_VENV, ROOT

UNUSED_RESPONSE = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")


def test_rasa_data_validate_passes_with_only_accepted_warnings():
    result = subprocess.run(
        [str(RASA_VENV / "bin" / "rasa"), "data", "validate", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONWARNINGS": "ignore"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    unexpected = [w for w in warnings if not UNUSED_RESPONSE.search(w)]
    assert not unexpected, unexpected
    # The accepted ones really are sent from actions/.
    sent_by_actions = "\n".join(p.read_text() for p in (ROOT / "actions").rglob("*.py"))
    for warning in warnings:
        response = UNUSED_RESPONSE.search(warning).group(1)
        assert f'"{response}"' in sent_by_actions or response.startswith("utter_feedback_"), response


def test_rasa_draws_its_test_plots_with_the_matplotlib_of_its_environment(tmp_path):
    # requirements/rasa-overrides.txt gives Rasa a newer matplotlib than it declares; these are the
    # two kinds of plot `rasa test` draws.
    script = (
        "import sys, numpy as np\n"
        "from rasa.utils import plotting\n"
        "plotting.plot_confusion_matrix(np.array([[3, 1], [0, 4]]), classes=['a', 'b'],"
        " title='Intent Confusion matrix', output_file=sys.argv[1])\n"
        "plotting.plot_paired_histogram([[0.9, 0.8], [0.4, 0.5]], title='Intent histogram',"
        " output_file=sys.argv[2])\n"
    )
    matrix, histogram = tmp_path / "matrix.png", tmp_path / "histogram.png"
    result = subprocess.run([str(RASA_VENV / "bin" / "python"), "-c", script, str(matrix), str(histogram)],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "MPLBACKEND": "Agg", "RASA_TELEMETRY_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    for plot in (matrix, histogram):
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 5000
