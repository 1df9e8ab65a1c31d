"""civharm: turn reports of alleged civilian harm in armed conflict into an evidence-linked record.

The Python API mirrors the `civharm` command:

    import civharm
    with civharm.open_project(db="civharm.db") as project:
        report = project.ingest(["reports/"])
        project.export("articles", format="csv", out=open("articles.csv", "wb"))
"""

import logging

from civharm.errors import CivharmError
from civharm.project import Project, export, ingest, open_project, verify
from civharm.settings import Settings, load_settings
from civharm.version import __version__

__all__ = [
    "CivharmError",
    "Project",
    "Settings",
    "__version__",
    "export",
    "ingest",
    "load_settings",
    "open_project",
    "verify",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
