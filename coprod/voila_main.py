"""The Voilà process of `coprod serve` and `coprod workbook`: Voilà's application as coprod
extends it (coprod.voila_app.CoprodVoila), started as ``python -m coprod.voila_main``."""

from __future__ import annotations


def main() -> None:
    from coprod.voila_app import CoprodVoila

    CoprodVoila.launch_instance()


if __name__ == "__main__":
    main()
