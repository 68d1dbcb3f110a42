"""Generate server/paperlens/wire/ (pydantic models) from shared_schema/*.json.

    python scripts/gen_models.py          # rewrite the package
    python scripts/gen_models.py --check  # exit 1 when the committed package has drifted

The options are fixed here so that the output depends only on the schemas and the pinned
datamodel-code-generator version (constraints.txt).
"""

import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "shared_schema"
PACKAGE = ROOT / "server" / "paperlens" / "wire"
HEADER = (
    '"""Pydantic models generated from shared_schema/ by scripts/gen_models.py. Do not edit."""\n'
)


def generate(into: Path) -> None:
    with tempfile.TemporaryDirectory() as staging:
        schemas = Path(staging) / "schemas"
        schemas.mkdir()
        for schema in sorted(SCHEMAS.glob("*.json")):
            # Test vectors share the folder (library_transitions.json); a schema names its dialect.
            if "$schema" in json.loads(schema.read_bytes()):
                (schemas / schema.name).write_bytes(schema.read_bytes())
        subprocess.run(
            [
                str(Path(sys.executable).with_name("datamodel-codegen")),
                "--input",
                str(schemas),
                "--input-file-type",
                "jsonschema",
                "--output",
                str(into),
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--target-python-version",
                "3.11",
                "--use-annotated",
                "--field-constraints",
                "--use-schema-description",
                "--use-double-quotes",
                "--enum-field-as-literal",
                "all",
                "--disable-timestamp",
                "--formatters",
                "builtin",
            ],
            check=True,
            capture_output=True,
        )
    (into / "__init__.py").write_text(HEADER)


def differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__"])
    return sorted(compared.left_only + compared.right_only + compared.diff_files)


def main() -> int:
    # Always generated outside the repo: the formatter's line length must not depend on
    # which pyproject.toml it finds.
    with tempfile.TemporaryDirectory() as fresh:
        if "--check" not in sys.argv:
            generate(Path(fresh) / "wire")
            shutil.rmtree(PACKAGE, ignore_errors=True)
            shutil.copytree(Path(fresh) / "wire", PACKAGE)
            print(f"wrote {PACKAGE.relative_to(ROOT)}")
            return 0
        generate(Path(fresh) / "wire")
        drift = differences(Path(fresh) / "wire", PACKAGE)
    if drift:
        print(f"server/paperlens/wire/ differs from shared_schema/ in: {', '.join(drift)}")
        print("run: python scripts/gen_models.py")
        return 1
    print("server/paperlens/wire/ matches shared_schema/*.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
