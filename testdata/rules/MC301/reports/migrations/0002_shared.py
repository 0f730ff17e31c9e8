# Its dependencies are in the module it imports the class from: maybe on `0003_summary`.
from reports.shared.migrations import Migration  # noqa: F401
