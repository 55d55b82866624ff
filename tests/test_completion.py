"""Shell completion: the scripts typer installs for bash, zsh and fish, and what they complete.

Completion runs the installed `relmap` with the shell's variables set, as
the scripts do; bash, which is always there, also runs its script for real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, run

RELMAP = shutil.which("relmap", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(RELMAP is None, reason="the relmap console script is not installed beside python")
ACME = str(EXAMPLES / "acme.yaml")
NO_DETECTION = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}  # name the shell instead of detecting it


def completions(shell: str, line: str) -> str:
    """What `relmap` prints when `shell` asks it to complete the command line `line`."""
    assert RELMAP is not None
    env = {"PATH": os.environ["PATH"], "_RELMAP_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run([RELMAP], env=env, capture_output=True, text=True, check=True, timeout=30)
    return result.stdout


def relmap(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed relmap, run with the options typer reads when it starts (so not in-process)."""
    assert RELMAP is not None
    environment = {"PATH": os.environ["PATH"], **NO_DETECTION, **env}
    return subprocess.run([RELMAP, *args], env=environment, capture_output=True, text=True, check=False, timeout=30)


def test_a_bare_relmap_prints_the_help_and_exits_2() -> None:
    result = run([])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: relmap [OPTIONS] COMMAND [ARGS]...")
    assert "--install-completion" in result.stderr and "--show-completion" in result.stderr


@pytest.mark.parametrize(
    ("shell", "lines"),
    [
        ("bash", ["_relmap_completion() {", "complete -o default -F _relmap_completion relmap"]),
        ("zsh", ["#compdef relmap", "compdef _relmap_completion relmap"]),
        (
            "fish",
            [
                'complete --command relmap --no-files --arguments "(env _RELMAP_COMPLETE=complete_fish '
                '_TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) relmap)" '
                '--condition "env _RELMAP_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args '
                '_TYPER_COMPLETE_ARGS=(commandline -cp) relmap"'
            ],
        ),
    ],
)
def test_show_completion_prints_the_script_of_each_shell(shell: str, lines: list[str]) -> None:
    result = relmap("--show-completion", shell)
    assert result.returncode == 0
    shown = result.stdout.splitlines()
    assert all(line in shown for line in lines)


def test_install_completion_writes_the_script_where_the_shell_reads_it(tmp_path: Path) -> None:
    result = relmap("--install-completion", "bash", HOME=str(tmp_path))
    assert result.returncode == 0
    assert f"completion installed in {tmp_path / '.bash_completions' / 'relmap.sh'}" in result.stdout
    script = tmp_path / ".bash_completions" / "relmap.sh"
    assert "complete -o default -F _relmap_completion relmap" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_commands_options_and_choices_complete_in_every_shell() -> None:
    assert completions("bash", "relmap seq") == "sequence\n"
    assert completions("bash", f"relmap sequence {ACME} --strategy ") == "bootstrap\npyramid\nbackward\n"
    assert completions("fish", "relmap ch") == "check\tCheck that maps are current: reviews, key...\n"
    zsh = completions("zsh", "relmap ")
    assert zsh.startswith('_arguments \'*: :(("validate":"Check maps against the file format and the..."\n')
    assert '"init":"Write a new, valid, commented map to fill in."' in zsh
    assert completions("bash", "relmap check maps/ --fail") == "--fail-on\n"


def test_ids_of_the_map_complete_target_and_focus() -> None:
    client = completions("bash", f"relmap sequence {ACME} --strategy backward --target ").split()
    assert "maria" in client and "lee" in client and "kim" not in client  # --target is a client person
    assert completions("fish", f"relmap render {ACME} --focus k") == "kim\tKim Park\n"
    assert completions("zsh", f"relmap sequence --strategy backward {ACME} --target ma") == (
        '_arguments \'*: :(("maria":"Maria Lopez"))\'\n'
    )
    assert completions("bash", "relmap render no-such-map.yaml --focus ") == "\n"  # nothing to offer


def test_ids_complete_gaps_person_log_by_and_with_and_plan_owner() -> None:
    assert completions("fish", f"relmap gaps {ACME} --person ma") == "maria\tMaria Lopez\n"
    assert completions("bash", f"relmap log {ACME} --by ").split() == ["kim", "chen", "olsen", "priya", "tom", "lena"]
    assert "kim" not in completions("bash", f"relmap log {ACME} --by kim --with ").split()
    assert completions("fish", f"relmap log {ACME} --by kim --with jo") == "joe\tJoe Hart\n"
    assert completions("fish", f"relmap plan {EXAMPLES} {ACME} --owner l") == "lena\tLena Vogt\n"


def test_what_completion_prints_from_a_map_is_inert(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        "relmap: 1\naccount: {name: A, owner: kim}\nteam: [{id: kim, name: Kim}]\n"
        "client:\n"
        '  - {id: eve, name: "$(touch pwned) `id` \'q\' \\"d\\" \\\\ ; | \\nnext"}\n'
        '  - {id: "$(touch x)", name: Evil id}\n',
        encoding="utf-8",
    )
    shown = completions("zsh", f"relmap render {hostile} --focus e")
    assert shown == '_arguments \'*: :(("eve":"touch pwned id q d next"))\'\n'
    assert completions("bash", f"relmap render {hostile} --focus ") == "kim\neve\n"  # never the id that is not one


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_through_its_script(tmp_path: Path) -> None:
    script = relmap("--show-completion", "bash").stdout
    driver = (
        f"{script}\n"
        f"COMP_WORDS=(relmap sequence {ACME} --strategy p); COMP_CWORD=4\n"
        "_relmap_completion relmap\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    assert RELMAP is not None
    env = {"PATH": f"{Path(RELMAP).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "--norc", "-c", driver], env=env, capture_output=True, text=True, check=True)
    assert result.stdout == "pyramid\n"
