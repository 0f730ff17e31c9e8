"""merge heads"""
revision = "0003"
down_revision = ("0002", "0002b")


def upgrade():
    pass


def downgrade():
    pass
