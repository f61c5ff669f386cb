"""Write data/samples/ from data/samples/content.json; the .ods is made by LibreOffice (soffice).

    .venv/bin/python tools/make_samples.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib import domain
from lib.demo import samples


def main() -> None:
    d = domain.load()
    period, workers, caseload = samples.load_content()
    out = samples.SAMPLES_DIR
    by_code = {w.code: w for w in workers}
    (out / "slodze_SD01.xlsx").write_bytes(samples.workload_xlsx(d, by_code["SD01"], period))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "slodze_SD02.xlsx"
        source.write_bytes(samples.workload_xlsx(d, by_code["SD02"], period))
        subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "ods", "--outdir", tmp,
                        str(source)], check=True, capture_output=True, timeout=180)
        shutil.copy(Path(tmp) / "slodze_SD02.ods", out / "slodze_SD02.ods")
    (out / "slodze_SD03_SD04.csv").write_bytes(samples.batch_csv(d, [by_code["SD03"], by_code["SD04"]], period))
    (out / "klientu_lietas.xlsx").write_bytes(samples.caseload_xlsx(d, caseload))
    for p in sorted(out.iterdir()):
        print(f"{p.name:28} {p.stat().st_size:>8,} bytes")


if __name__ == "__main__":
    main()
