"""The search index's own upgrade steps: not Django migrations."""


class Migration:
    def __init__(self, version, upgrade):
        self.version = version
        self.upgrade = upgrade
