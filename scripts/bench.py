"""`paperlens bench`: the Scorer's speed on the HF daily papers corpus (see --help)."""

from paperlens.evaluation.commands import bench_command

if __name__ == "__main__":
    bench_command()
