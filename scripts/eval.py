"""`paperlens eval`: the learner against its baselines on citeulike-a (see --help)."""

from paperlens.evaluation.commands import eval_command

if __name__ == "__main__":
    eval_command()
